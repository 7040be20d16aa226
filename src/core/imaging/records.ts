/**
 * Image records as the API returns them: one shape for the server, the CLI and the web app. UIDs are always the
 * de-identified ones, and dates are shifted like the files they come from.
 */

/** One image series: a DICOM series (instances) or a NIfTI file. */
export interface SeriesSummary {
  id: string;
  format: 'dicom' | 'nifti';
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  /** ResonantNucleus as recorded: 1H, 23NA, or another nucleus a scanner names. */
  nucleus: string | null;
  rows: number;
  columns: number;
  frames: number;
  instances: number;
  burnedInSuspect: boolean;
  acquisition: Record<string, unknown>;
}

/** The `--json` summary contract of `manus import`, also the answer to an upload. */
export interface ImportSummary {
  imported: number;
  skipped: number;
  errors: { path: string; reason: string }[];
  studies: {
    studyInstanceUid: string;
    series: {
      seriesInstanceUid: string;
      seriesDescription: string;
      modality: string;
      nucleus: '1H' | '23NA' | null;
      instances: number;
      rows: number;
      columns: number;
      frames: number;
    }[];
  }[];
}

/** A study waiting in the unassigned inbox, under the inbox code its files were de-identified with. */
export interface InboxStudy {
  studyInstanceUid: string;
  inboxCode: string;
  /** YYYY-MM-DD, shifted like every date in the inbox code's files. */
  studyDate: string | null;
  receivedAt: string;
  instances: number;
  series: SeriesSummary[];
}

/** What assigning an inbox study to an MRI exam did. */
export interface StudyAssignment {
  studyInstanceUid: string;
  examId: string;
  examCode: string;
  participantCode: string;
  instances: number;
}

/** An original file of the quarantine, with the de-identified record it became (when that is still recorded). */
export interface OriginalEntry {
  uid: string;
  format: 'dicom' | 'nifti';
  size: number;
  keptAt: string;
  importId: string;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  seriesDescription: string | null;
  pseudonym: string | null;
  examId: string | null;
  examCode: string | null;
}

/** A recorded instance and where its file is: what WADO-RS, thumbnails and re-writes read back. */
export interface StoredInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  frames: number;
  transferSyntaxUid: string;
  /** The image store the instance was written to ('filesystem' or 'orthanc'). */
  store: string;
  storeKey: string;
}

/** What the importer records for one stored instance (identifiers already de-identified). */
export interface InstanceRecord {
  pseudonym: { code: string; kind: 'participant' | 'inbox'; dateShiftDays: number };
  studyInstanceUid: string;
  studyDate: string | null;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  frames: number;
  acquisition: { nucleus: string | null };
  burnedIn: boolean;
  storeKey: string;
  size: number;
  /** The original file, when the import keeps originals in the quarantine. */
  original: KeptOriginal | null;
}

export interface KeptOriginal {
  key: string;
  size: number;
}
