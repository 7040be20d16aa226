import { readFileSync } from 'node:fs';
import { ManusError } from '../../core/errors.ts';
import type { AcquisitionParameters } from '../deid/acquisition.ts';
import { deidentify } from '../deid/deidentify.ts';
import { dateShiftDays, inboxCode } from '../deid/pseudonym.ts';
import { mergeReport, type DeidReport } from '../deid/report.ts';
import { pixelDescription } from '../dicom/pixels.ts';
import { readDicom, type DicomFile } from '../dicom/read.ts';
import { T } from '../dicom/tag.ts';
import { getNumber, getString } from '../dicom/values.ts';
import { writeDicom } from '../dicom/write.ts';
import type { ImageStore, StoredObject } from '../store/store.ts';
import type { FilesystemStore } from '../store/filesystem.ts';
import { remapUid } from '../deid/uid.ts';
import { deidentifyNifti, niftiVersion } from '../nifti/deidentify.ts';
import { readNifti } from '../nifti/read.ts';
import { readSidecar } from '../nifti/sidecar.ts';
import type { InstanceRecord } from '../../core/imaging/records.ts';
import { ReadBuffers } from './read-buffers.ts';

/**
 * Whom the files belong to: a participant (code known), or the inbox (code derived per original patient). An inbox
 * code already assigned to a participant (`linked`, inbox code → participant code) stands for that participant, so
 * that more files of an assigned patient are de-identified as that participant's, like the files assigned before.
 */
export type ImportTarget =
  { kind: 'participant'; code: string } | { kind: 'inbox'; linked: Record<string, string> };

export interface ImportJob {
  secret: Uint8Array;
  target: ImportTarget;
  /** Keep each original file in the admin-only quarantine (off unless an import asks for it). */
  keepOriginals: boolean;
}

/** Where processed files go: de-identified DICOM, de-identified NIfTI, and the originals when they are kept. */
export interface ImportStores {
  dicom: ImageStore;
  nifti?: FilesystemStore;
  originals?: FilesystemStore;
}

/**
 * One input: a file on disk (with the path of a NIfTI file's JSON sidecar), or bytes already read (a zip entry, an
 * upload; with the text of a NIfTI entry's sidecar).
 */
export type ImportInput =
  | { name: string; path: string; sidecar?: string }
  | { name: string; bytes: Uint8Array; sidecarText?: string };

/**
 * What a processed file tells the importer; identifiers are the de-identified ones, never the originals. Its
 * de-identification report is added to the processing thread's running total instead (see `processInput`): sent
 * with every file, the per-attribute counts made up half of what crosses between threads.
 */
export interface ProcessedInstance extends Omit<InstanceRecord, 'acquisition' | 'original'> {
  name: string;
  acquisition: AcquisitionParameters;
  created: boolean;
  /** The original file in the quarantine, when the job keeps originals. */
  original: StoredObject | null;
}

/** A NIfTI image (reconstructed off the scanner), stored whole as one series. */
export interface ProcessedNifti {
  name: string;
  pseudonym: ProcessedInstance['pseudonym'];
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string;
  rows: number;
  columns: number;
  frames: number;
  acquisition: AcquisitionParameters;
  storeKey: string;
  size: number;
  original: StoredObject | null;
}

export type ProcessOutcome =
  | { ok: true; instance: ProcessedInstance }
  | { ok: true; nifti: ProcessedNifti }
  | { ok: false; name: string; reason: string };

const NIFTI_NAME = /\.nii(\.gz)?$/i;

/** One set per thread: each import worker, and the calling thread when it processes files itself. */
const readBuffers = new ReadBuffers();

/**
 * Reads, de-identifies and stores one file, adding what de-identification did to `report`. Failures of the input
 * (not DICOM, truncated, undecodable) come back as an outcome with the reason, so one bad file never stops an
 * import; anything else is a defect and is thrown.
 */
export async function processInput(
  input: ImportInput,
  job: ImportJob,
  stores: ImportStores,
  report: DeidReport,
): Promise<ProcessOutcome> {
  try {
    // Synchronous reads: this runs on a worker thread of its own, where they avoid thread-pool round trips.
    if ('bytes' in input) return await processBytes(input, input.bytes, job, stores, report);
    return await readBuffers.withFile(input.path, (bytes) => processBytes(input, bytes, job, stores, report));
  } catch (error) {
    if (error instanceof ManusError) return { ok: false, name: input.name, reason: error.message };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      return { ok: false, name: input.name, reason: `Cannot read the file (${code})` };
    }
    throw error;
  }
}

/** The bytes may be a reused read buffer: the outcome copies everything it keeps (strings and numbers only). */
async function processBytes(
  input: ImportInput,
  bytes: Uint8Array,
  job: ImportJob,
  stores: ImportStores,
  report: DeidReport,
): Promise<ProcessOutcome> {
  if (NIFTI_NAME.test(input.name) || niftiVersion(bytes)) {
    const sidecar =
      'path' in input ? input.sidecar && readFileSync(input.sidecar, 'utf8') : input.sidecarText;
    const nifti = await processNifti(input.name, bytes, sidecar, job, stores.nifti);
    return { ok: true, nifti: { ...nifti, original: await keepOriginal(bytes, job, stores) } };
  }
  const file = readDicom(bytes);
  const { code: pseudonym, kind } =
    job.target.kind === 'participant'
      ? { code: job.target.code, kind: 'participant' as const }
      : inboxPseudonym(job.secret, job.target.linked, file);
  const shift = dateShiftDays(job.secret, pseudonym);
  const result = deidentify(file, { secret: job.secret, pseudonym, dateShiftDays: shift });
  const out = result.dataset;
  const required = (t: number, what: string): string => {
    const v = getString(out, t);
    if (!v) throw new ManusError('invalid', `Missing ${what}`);
    return v;
  };
  // Everything the record needs is read before storing: a file refused after it was stored would stay orphaned.
  const pixels = out.has(T.PixelData) ? pixelDescription(out) : undefined;
  const description = {
    name: input.name,
    pseudonym: { code: pseudonym, kind, dateShiftDays: shift },
    studyInstanceUid: required(T.StudyInstanceUID, 'StudyInstanceUID'),
    studyDate: getString(out, T.StudyDate) ?? null,
    seriesInstanceUid: required(T.SeriesInstanceUID, 'SeriesInstanceUID'),
    seriesNumber: getNumber(out, T.SeriesNumber) ?? null,
    seriesDescription: getString(out, T.SeriesDescription, file.charset) ?? '',
    modality: getString(out, T.Modality) ?? 'OT',
    sopInstanceUid: required(T.SOPInstanceUID, 'SOPInstanceUID'),
    sopClassUid: required(T.SOPClassUID, 'SOPClassUID'),
    instanceNumber: getNumber(out, T.InstanceNumber) ?? null,
    transferSyntaxUid: getString(result.meta, T.TransferSyntaxUID) ?? '',
    rows: pixels?.rows ?? 0,
    columns: pixels?.columns ?? 0,
    frames: pixels?.frames ?? 0,
    acquisition: result.acquisition,
    burnedIn: result.burnedIn,
  };
  const stored = await stores.dicom.put(writeDicom(result.meta, out), {
    study: description.studyInstanceUid,
    series: description.seriesInstanceUid,
    sop: description.sopInstanceUid,
  });
  const original = await keepOriginal(bytes, job, stores);
  mergeReport(report, result.report);
  return {
    ok: true,
    instance: { ...description, storeKey: stored.key, size: stored.size, created: stored.created, original },
  };
}

/** The inbox code of the file's patient (ID, name and birth date as found), or the participant it was assigned to. */
function inboxPseudonym(
  secret: Uint8Array,
  linked: Record<string, string>,
  file: DicomFile,
): { code: string; kind: 'participant' | 'inbox' } {
  const ds = file.dataset;
  const code = inboxCode(
    secret,
    [
      getString(ds, T.PatientID, file.charset),
      getString(ds, T.PatientName, file.charset),
      getString(ds, T.PatientBirthDate),
    ].join('\u0001'),
  );
  const participant = linked[code];
  return participant ? { code: participant, kind: 'participant' } : { code, kind: 'inbox' };
}

/** Keeps the file as it came, once it has been de-identified and stored successfully. */
async function keepOriginal(
  bytes: Uint8Array,
  job: ImportJob,
  stores: ImportStores,
): Promise<StoredObject | null> {
  if (!job.keepOriginals) return null;
  if (!stores.originals) throw new Error('The import keeps originals but has no quarantine store');
  return stores.originals.put([bytes]);
}

/**
 * A NIfTI file: validated by reading it, de-identified (header text and extensions), stored under `nifti/`, and
 * given UIDs derived from the study secret (a pseudo-study per participant code, a series per file content).
 */
async function processNifti(
  name: string,
  bytes: Uint8Array,
  sidecarText: string | undefined,
  job: ImportJob,
  store: FilesystemStore | undefined,
): Promise<Omit<ProcessedNifti, 'original'>> {
  if (!store) throw new ManusError('invalid', 'NIfTI files can only be imported into the filesystem store');
  const image = readNifti(bytes);
  const sidecar = readSidecar(sidecarText);
  if (job.target.kind !== 'participant') {
    throw new ManusError(
      'invalid',
      'A NIfTI file names no patient: import it to a participant or an MRI exam',
    );
  }
  const pseudonym = job.target.code;
  const stored = await store.put([deidentifyNifti(bytes)]);
  const [columns, rows, frames] = image.volume.dims;
  return {
    name,
    pseudonym: { code: pseudonym, kind: 'participant', dateShiftDays: dateShiftDays(job.secret, pseudonym) },
    studyInstanceUid: remapUid(job.secret, `nifti-study:${pseudonym}`),
    seriesInstanceUid: remapUid(job.secret, `nifti-series:${stored.key}`),
    seriesDescription: sidecar.description ?? 'NIfTI',
    rows,
    columns,
    frames,
    acquisition: sidecar.acquisition,
    storeKey: stored.key,
    size: stored.size,
  };
}
