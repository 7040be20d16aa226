import { vrOf } from '../dicom/dictionary.ts';
import { formatTag, type Tag } from '../dicom/tag.ts';
import {
  CLEAN,
  DUMMY,
  EMPTY,
  KEEP_DEVICE_IDENTITY,
  KEEP_PATIENT_CHARACTERISTICS,
  REMOVE,
} from '../deid/profile.ts';
import type { Identity } from './phantoms.ts';

/**
 * A PHI corpus for one synthetic file: every identity-bearing attribute of PS3.15 Table E.1-1 filled with its own
 * recognisable fake value, private tags holding names, nested sequences, the file meta, accented names. Returns
 * the dump lines and every string and UID that must not survive de-identification.
 */
export interface PhiCorpus {
  lines: string[];
  identifying: string[];
  uids: string[];
}

const TEXT_VRS: Record<string, number> = { PN: 64, LO: 64, SH: 16, LT: 200, ST: 200, UT: 200, UC: 200 };

const hex = (t: Tag): string => formatTag(t).toLowerCase();

/** Bytes as dcmdump prints OB values (UTF-8, even length). */
const hexBytes = (text: string): string => {
  const utf8 = Buffer.from(text, 'utf8');
  const bytes = utf8.length % 2 ? Buffer.concat([utf8, Buffer.of(0x20)]) : utf8;
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('\\');
};

/** `exclude`: tags the caller's own lines already hold (dump2dcm refuses duplicates). */
export function phiCorpus(id: Identity, seed: number, exclude: ReadonlySet<string>): PhiCorpus {
  const identifying: string[] = [
    id.familyName,
    id.givenName,
    id.patientId,
    id.birthDate,
    id.otherId,
    id.institution,
    id.physician,
    id.operator,
    id.accession,
    id.address,
    id.phone,
  ];
  const uids = [id.studyUid, id.seriesUid, id.frameOfReferenceUid];
  const lines: string[] = [];
  const covered = new Set<Tag>();
  let n = 0;
  const unique = (vr: string): string => {
    n += 1;
    // Accented, distinctive, and short enough for SH (16 characters).
    const value =
      vr === 'SH'
        ? `Zoé${seed}Q${n}`
        : vr === 'PN'
          ? `Brûlé${seed}Q${n}^Zoé${n}`
          : `Ignacé${seed}Quix${n} Lémur`;
    identifying.push(value.replace('^', ' ').split(' ')[0]!);
    return value;
  };
  const born = `${id.birthDate.slice(6)}/${id.birthDate.slice(4, 6)}/${id.birthDate.slice(0, 4)}`;
  // Free text quotes the patient in capitals, with the birth date as people type it.
  const descriptor = (vr: string): string =>
    vr === 'SH'
      ? id.givenName
      : vr === 'LO'
        ? `Hands of ${id.familyName} ${id.patientId}`
        : `Hand MRI for ${id.givenName} ${id.familyName.toUpperCase()}, born ${born}, ${id.institution}`;
  for (const t of [...CLEAN, ...REMOVE, ...EMPTY, ...DUMMY]) {
    if (
      covered.has(t) ||
      exclude.has(hex(t)) ||
      KEEP_DEVICE_IDENTITY.has(t) ||
      KEEP_PATIENT_CHARACTERISTICS.has(t)
    )
      continue;
    covered.add(t);
    const vr = vrOf(t);
    // Descriptors are kept once cleaned: they get ordinary text that quotes the patient.
    if (CLEAN.has(t) && vr in TEXT_VRS) lines.push(`${hex(t)} ${vr} [${descriptor(vr)}]`);
    else if (vr in TEXT_VRS) lines.push(`${hex(t)} ${vr} [${unique(vr)}]`);
    else if (vr === 'SQ') {
      const uid = `1.2.826.0.1.3680043.99.${seed}.8${n}`;
      uids.push(uid);
      lines.push(
        `${hex(t)} SQ (Sequence)`,
        '(fffe,e000) na (Item)',
        `(0008,0080) LO [${unique('LO')}]`,
        `(0008,1155) UI [${uid}]`,
        `(0040,a123) PN [${unique('PN')}]`,
        '(fffe,e00d) na (ItemDelimitationItem)',
        '(fffe,e0dd) na (SequenceDelimitationItem)',
      );
    }
  }
  const nestedUid = `1.2.826.0.1.3680043.99.${seed}.77`;
  uids.push(nestedUid);
  const privateName = `Privé${seed}Nom^Secrète`;
  identifying.push(`Privé${seed}Nom`);
  lines.push(
    // A sequence Table E.1-1 does not list, nesting two levels, with a name, a reference and free text.
    '(0008,9121) SQ (Sequence)',
    '(fffe,e000) na (Item)',
    '(0008,1199) SQ (Sequence)',
    '(fffe,e000) na (Item)',
    '(0008,1150) UI =MRImageStorage',
    `(0008,1155) UI [${nestedUid}]`,
    `(0040,a123) PN [${id.familyName}^${id.givenName}]`,
    '(fffe,e00d) na (ItemDelimitationItem)',
    '(fffe,e0dd) na (SequenceDelimitationItem)',
    '(fffe,e00d) na (ItemDelimitationItem)',
    '(fffe,e0dd) na (SequenceDelimitationItem)',
    // A reference sequence that is kept, with its UIDs remapped.
    '(0008,1140) SQ (Sequence)',
    '(fffe,e000) na (Item)',
    '(0008,1150) UI =MRImageStorage',
    `(0008,1155) UI [${uids[0]}.1]`,
    '(fffe,e00d) na (ItemDelimitationItem)',
    '(fffe,e0dd) na (SequenceDelimitationItem)',
    // Private tags holding names, and a Siemens protocol holding the reference voltage.
    '(0029,0010) LO [ACME PRIVATE]',
    `(0029,1001) PN [${privateName}]`,
    `(0029,1002) LO [${id.familyName} ${id.patientId}]`,
    '(0029,0011) LO [SIEMENS CSA HEADER]',
    `(0029,1120) OB ${hexBytes(`### ASCCONV BEGIN ###\nsTXSPEC.asNucData[0].flReferenceAmplitude = 245.5\ntProtocolName = "${id.givenName} hand"\n### ASCCONV END ###`)}`,
    // The file meta: the source AE title and private information can name a workstation or a person.
    `(0002,0016) AE [${id.givenName.slice(0, 4).toUpperCase()}${seed}WS]`,
    `(0002,0100) UI [${id.studyUid}.100]`,
    `(0002,0102) OB ${hexBytes(`${id.familyName}^${id.givenName}`)}`,
  );
  uids.push(`${uids[0]}.1`, `${id.studyUid}.100`);
  identifying.push(`${id.givenName.slice(0, 4).toUpperCase()}${seed}WS`);
  return { lines, identifying, uids };
}

/** Every string found in the bytes, encoded as UTF-8 and as Latin-1: the PHI test expects none. */
export function phiHits(bytes: Buffer, strings: readonly string[]): string[] {
  const hits: string[] = [];
  for (const s of strings)
    for (const encoding of ['utf8', 'latin1'] as const) {
      const needle = Buffer.from(s, encoding);
      if (needle.length >= 3 && bytes.includes(needle)) hits.push(`${s} (${encoding})`);
    }
  return hits;
}
