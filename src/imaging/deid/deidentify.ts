import { createHash } from 'node:crypto';
import { encodeText, type Charset } from '../dicom/charset.ts';
import { bytesElement, sequenceElement, type Dataset, type DicomElement } from '../dicom/dataset.ts';
import { keywordOf, vrOf } from '../dicom/dictionary.ts';
import type { DicomFile } from '../dicom/read.ts';
import {
  formatTag,
  groupOf,
  isGroupLength,
  isPrivate,
  isPrivateCreator,
  T,
  tag,
  type Tag,
} from '../dicom/tag.ts';
import { EXPLICIT_LITTLE } from '../dicom/transfer-syntax.ts';
import { elementString, getString, rawBytes } from '../dicom/values.ts';
import { acquisitionParameters, type AcquisitionParameters } from './acquisition.ts';
import { ageString, shiftDateValue } from './dates.ts';
import { privateCreator, isSafePrivate } from './private.ts';
import {
  CLEAN,
  DUMMY,
  DUMMY_VALUE,
  EMPTY,
  KEEP_DEVICE_IDENTITY,
  KEEP_PATIENT_CHARACTERISTICS,
  KEEP_REMAPPED,
  REMOVE,
} from './profile.ts';
import { count, emptyReport, type DeidReport } from './report.ts';
import { IdentifyingTerms } from './terms.ts';
import { CLASS_UID_TAGS, isStandardUid, remapUid } from './uid.ts';

export interface DeidOptions {
  /** The study's HMAC key for UIDs. */
  secret: Uint8Array;
  /** The participant code (or inbox code): the only identity left in the file. */
  pseudonym: string;
  /** Whole days added to every date (negative: earlier). */
  dateShiftDays: number;
  /**
   * For a file Manus de-identified before (an inbox file being assigned to a participant): its UIDs are already
   * the remapped ones, which the records refer to, and remapping them again would break that link.
   */
  keepUids?: boolean;
}

export interface DeidentifiedFile {
  meta: Dataset;
  dataset: Dataset;
  acquisition: AcquisitionParameters;
  /** Secondary capture, or BurnedInAnnotation YES: text may be burned into the pixels. */
  burnedIn: boolean;
  report: DeidReport;
}

/** Manus's implementation class UID: a 2.25 UID (PS3.5 B.2) derived from the product name, so it never changes. */
export const IMPLEMENTATION_CLASS_UID = `2.25.${BigInt(`0x${createHash('sha256').update('Manus implementation class').digest('hex').slice(0, 32)}`)}`;
export const IMPLEMENTATION_VERSION = 'MANUS_DEID_1';

/** PS3.16 CID 7050 codes for the profile and the options applied. */
const METHOD_CODES: readonly (readonly [string, string])[] = [
  ['113100', 'Basic Application Confidentiality Profile'],
  ['113105', 'Clean Descriptors Option'],
  ['113107', 'Retain Longitudinal Temporal Information Modified Dates Option'],
  ['113108', 'Retain Patient Characteristics Option'],
  ['113109', 'Retain Device Identity Option'],
];
const METHOD_TEXT =
  'Manus PS3.15 E.1 Basic\\Modified Dates\\Patient Chars\\Device Identity\\Clean Descriptors';

/** Values that name or locate the patient, a carer or a place: searched for in free text and cleaned. */
const TERM_SOURCES: readonly Tag[] = [
  T.PatientID,
  T.AccessionNumber,
  T.InstitutionName,
  T.StudyID,
  tag(0x0008, 0x0081),
  tag(0x0008, 0x1040),
  tag(0x0008, 0x0092),
  tag(0x0008, 0x0094),
  tag(0x0010, 0x0021),
  tag(0x0010, 0x1000),
  tag(0x0010, 0x1040),
  tag(0x0010, 0x2154),
  tag(0x0010, 0x1090),
  tag(0x0010, 0x2150),
  tag(0x0010, 0x2152),
  tag(0x0010, 0x1050),
  tag(0x0038, 0x0010),
  tag(0x0040, 0x1001),
  tag(0x0040, 0x0009),
  tag(0x0040, 0x2016),
  tag(0x0040, 0x2017),
  tag(0x0012, 0x0040),
  tag(0x0012, 0x0042),
];

const TEXT_VRS = new Set(['AE', 'CS', 'LO', 'LT', 'SH', 'ST', 'UC', 'UR', 'UT']);

const nameOf = (t: Tag): string => keywordOf(t) ?? formatTag(t);

function collectTerms(ds: Dataset, charset: Charset): IdentifyingTerms {
  const terms = new IdentifyingTerms();
  const visit = (d: Dataset): void => {
    for (const e of d.values()) {
      if (e.value.kind === 'sequence') e.value.items.forEach(visit);
      else if (e.vr === 'PN') terms.add(elementString(e, charset), { personName: true });
      else if (TERM_SOURCES.includes(e.tag))
        for (const v of (elementString(e, charset) ?? '').split('\\')) terms.add(v);
      else if (e.tag === T.PatientBirthDate) terms.addDate(elementString(e));
    }
  };
  visit(ds);
  return terms;
}

class Deidentifier {
  readonly report = emptyReport();

  constructor(
    private readonly options: DeidOptions,
    private readonly charset: Charset,
    private readonly terms: IdentifyingTerms,
  ) {}

  private text(t: Tag, vr: string, value: string): DicomElement {
    return bytesElement(t, vr, vr === 'UI' ? Buffer.from(value, 'latin1') : encodeText(value, this.charset));
  }

  private remapUids(e: DicomElement): DicomElement {
    if (this.options.keepUids) return e;
    const value = elementString(e) ?? '';
    const uids = value.split('\\').map((u) => u.replace(/\0/g, '').trim());
    if (uids.every((u) => u === '' || isStandardUid(u))) return e;
    count(this.report, 'uidsRemapped', nameOf(e.tag));
    return this.text(
      e.tag,
      'UI',
      uids.map((u) => (u === '' || isStandardUid(u) ? u : remapUid(this.options.secret, u))).join('\\'),
    );
  }

  private shiftDates(e: DicomElement): DicomElement | undefined {
    const value = elementString(e) ?? '';
    if (value === '') return e;
    const shifted = shiftDateValue(e.vr as 'DA' | 'DT', value, this.options.dateShiftDays);
    if (shifted === undefined) {
      count(this.report, 'emptied', nameOf(e.tag));
      return this.text(e.tag, e.vr, '');
    }
    count(this.report, 'datesShifted', nameOf(e.tag));
    return this.text(e.tag, e.vr, shifted);
  }

  /** Removes identifying terms from free text; keeps the element byte for byte when nothing matches. */
  private clean(e: DicomElement): DicomElement {
    const value = elementString(e, this.charset);
    if (!value) return e;
    const cleaned = this.terms.clean(value);
    if (cleaned === undefined) return e;
    count(this.report, 'cleaned', nameOf(e.tag));
    return this.text(e.tag, e.vr, cleaned);
  }

  /** The action for one element; undefined removes it. */
  private element(e: DicomElement, holder: Dataset): DicomElement | undefined {
    const t = e.tag;
    const name = (): string => nameOf(t);
    if (isGroupLength(t)) return undefined;
    if (isPrivate(t)) {
      if (isPrivateCreator(t)) return undefined; // re-added below for the blocks that keep an element
      if (isSafePrivate(holder, e)) {
        count(this.report, 'privateKept', `${privateCreator(holder, t)} ${formatTag(t)}`);
        return e;
      }
      count(this.report, 'privateRemoved', 'private');
      return undefined;
    }
    const group = groupOf(t);
    // Curves and overlays (repeating groups) can carry drawn or written annotations.
    if ((group & 0xff00) === 0x5000 || (group & 0xff00) === 0x6000) {
      count(this.report, 'removed', (group & 0xff00) === 0x5000 ? 'CurveData' : 'Overlay');
      return undefined;
    }
    if (t === T.PatientBirthTime) {
      count(this.report, 'removed', name());
      return undefined;
    }
    if (t === T.PatientBirthDate) {
      count(this.report, 'emptied', name());
      return this.text(t, 'DA', '');
    }
    if (KEEP_PATIENT_CHARACTERISTICS.has(t) || KEEP_DEVICE_IDENTITY.has(t))
      return e.value.kind === 'sequence' ? this.sequence(e) : e;
    if (CLEAN.has(t) && e.value.kind === 'bytes') return this.clean(e);
    if (e.vr === 'DA' || e.vr === 'DT') return this.shiftDates(e);
    if (e.vr === 'TM') return e;
    if (e.vr === 'UI') return CLASS_UID_TAGS.has(t) ? e : this.remapUids(e);
    if (KEEP_REMAPPED.has(t)) return this.sequence(e);
    if (REMOVE.has(t)) {
      count(this.report, 'removed', name());
      return undefined;
    }
    if (DUMMY.has(t)) {
      count(this.report, 'replaced', name());
      // The dictionary's VR: a file may carry the attribute as UN, and the dummy is valid in its own VR.
      return this.text(t, vrOf(t), DUMMY_VALUE);
    }
    if (EMPTY.has(t) || e.vr === 'PN') {
      count(this.report, 'emptied', name());
      return e.value.kind === 'sequence' ? sequenceElement(t, []) : this.text(t, e.vr, '');
    }
    if (e.vr === 'UN') {
      // A public attribute the dictionary does not know cannot be judged safe.
      count(this.report, 'removed', name());
      return undefined;
    }
    if (e.value.kind === 'sequence') return this.sequence(e);
    return TEXT_VRS.has(e.vr) ? this.clean(e) : e;
  }

  private sequence(e: DicomElement): DicomElement {
    return e.value.kind === 'sequence'
      ? sequenceElement(
          e.tag,
          e.value.items.map((item) => this.dataset(item)),
        )
      : e;
  }

  dataset(ds: Dataset): Dataset {
    const out: Dataset = new Map();
    for (const e of ds.values()) {
      const kept = this.element(e, ds);
      if (kept) out.set(kept.tag, kept);
    }
    // A kept private element needs its creator, or readers cannot interpret it.
    for (const t of [...out.keys()]) {
      if (!isPrivate(t)) continue;
      const creator = tag(groupOf(t), (t >> 8) & 0xff);
      const original = ds.get(creator);
      if (original) out.set(creator, original);
    }
    return out;
  }
}

/** True for text that could be burned into the pixels (secondary captures, or declared by the modality). */
function burnedInSuspect(ds: Dataset): boolean {
  const sopClass = getString(ds, T.SOPClassUID) ?? '';
  return (
    getString(ds, T.BurnedInAnnotation)?.toUpperCase() === 'YES' ||
    sopClass.startsWith('1.2.840.10008.5.1.4.1.1.7')
  );
}

/**
 * De-identifies one file by PS3.15 Annex E (Basic Profile with the options above). Works on a copy: the input is
 * not modified. Everything that is not explicitly safe is removed, emptied, remapped, shifted or cleaned.
 */
export function deidentify(file: DicomFile, options: DeidOptions): DeidentifiedFile {
  const source = file.dataset;
  const terms = collectTerms(source, file.charset);
  const acquisition = acquisitionParameters(source, file.charset);
  const worker = new Deidentifier(options, file.charset, terms);
  const dataset = worker.dataset(source);
  const report = worker.report;

  const set = (t: Tag, vr: string, value: string, action: 'replaced' | 'added'): void => {
    dataset.set(
      t,
      bytesElement(t, vr, vr === 'UI' ? Buffer.from(value, 'latin1') : encodeText(value, file.charset)),
    );
    count(report, action, nameOf(t));
  };
  set(T.PatientName, 'PN', options.pseudonym, 'replaced');
  set(T.PatientID, 'LO', options.pseudonym, 'replaced');
  if (!getString(source, T.PatientAge)) {
    const birth = getString(source, T.PatientBirthDate);
    const on =
      getString(source, T.StudyDate) ??
      getString(source, T.SeriesDate) ??
      getString(source, T.AcquisitionDate);
    const age = birth && on ? ageString(birth, on) : undefined;
    if (age) set(T.PatientAge, 'AS', age, 'added');
  }
  set(T.PatientIdentityRemoved, 'CS', 'YES', 'added');
  set(T.DeidentificationMethod, 'LO', METHOD_TEXT, 'added');
  const codes: Dataset[] = METHOD_CODES.map(
    ([code, meaning]) =>
      new Map([
        [T.CodeValue, bytesElement(T.CodeValue, 'SH', Buffer.from(code, 'latin1'))],
        [
          T.CodingSchemeDesignator,
          bytesElement(T.CodingSchemeDesignator, 'SH', Buffer.from('DCM', 'latin1')),
        ],
        [T.CodeMeaning, bytesElement(T.CodeMeaning, 'LO', Buffer.from(meaning, 'latin1'))],
      ]),
  );
  dataset.set(
    T.DeidentificationMethodCodeSequence,
    sequenceElement(T.DeidentificationMethodCodeSequence, codes),
  );
  count(report, 'added', nameOf(T.DeidentificationMethodCodeSequence));
  set(T.LongitudinalTemporalInformationModified, 'CS', 'MODIFIED', 'added');

  const burnedIn = burnedInSuspect(source);
  report.files = 1;
  report.burnedInFlagged = burnedIn ? 1 : 0;

  const sopInstance = elementString(dataset.get(T.SOPInstanceUID)) ?? '';
  const meta: Dataset = new Map();
  const metaText = (t: Tag, vr: string, value: string): void => {
    meta.set(t, bytesElement(t, vr, Buffer.from(value, 'latin1')));
  };
  meta.set(
    T.FileMetaInformationVersion,
    bytesElement(T.FileMetaInformationVersion, 'OB', Uint8Array.of(0, 1)),
  );
  metaText(
    T.MediaStorageSOPClassUID,
    'UI',
    getString(source, T.SOPClassUID) ?? elementString(file.meta.get(T.MediaStorageSOPClassUID)) ?? '',
  );
  metaText(T.MediaStorageSOPInstanceUID, 'UI', sopInstance);
  // Native data sets are rewritten as explicit VR little endian; compressed ones keep their fragments and syntax.
  metaText(
    T.TransferSyntaxUID,
    'UI',
    file.transferSyntax.encoding === 'native' ? EXPLICIT_LITTLE : file.transferSyntax.uid,
  );
  metaText(T.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID);
  metaText(T.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION);
  if (!options.keepUids && rawBytes(file.meta.get(T.MediaStorageSOPInstanceUID)))
    count(report, 'uidsRemapped', nameOf(T.MediaStorageSOPInstanceUID));
  return { meta, dataset, acquisition, burnedIn, report };
}
