import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesElement, sequenceElement, type Dataset, type DicomElement } from '../dicom/dataset.ts';
import { decodeFrame } from '../dicom/pixels.ts';
import { readDicom, type DicomFile } from '../dicom/read.ts';
import { T, tag } from '../dicom/tag.ts';
import { EXPLICIT_LITTLE, transferSyntax } from '../dicom/transfer-syntax.ts';
import { firstItem, getItems, getString, rawBytes } from '../dicom/values.ts';
import { writeDicom } from '../dicom/write.ts';
import { dcmdumpValue, describeWithDcmtk, makeDicom, run, type Encoding } from '../testing/dcmtk.ts';
import { classicMrLines, IDENTITY_A, phantom16 } from '../testing/phantoms.ts';
import { phiCorpus, phiHits } from '../testing/phi-corpus.ts';
import { deidentify } from './deidentify.ts';
import { DUMMY_VALUE } from './profile.ts';
import { remapUid } from './uid.ts';

const SECRET = Buffer.from('synthetic-study-secret-for-tests-only');
const OPTIONS = { secret: SECRET, pseudonym: 'P-0042', dateShiftDays: -123 };

describeWithDcmtk('de-identification', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-deid-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function corpusFile(encoding: Encoding, charset: 'ISO_IR 100' | 'ISO_IR 192', seed: number) {
    const base = classicMrLines({
      identity: IDENTITY_A,
      charset,
      k: 0,
      sopUid: `${IDENTITY_A.studyUid}.3.${seed}`,
      nucleus: '23NA',
    });
    const exclude = new Set(base.map((l) => l.slice(0, 11).toLowerCase()));
    const corpus = phiCorpus(IDENTITY_A, seed, exclude);
    const file = makeDicom(
      dir,
      `phi-${encoding}-${seed}`,
      [...base, ...corpus.lines],
      phantom16(4, 3),
      encoding,
      charset === 'ISO_IR 192' ? 'utf8' : 'latin1',
    );
    return { file, corpus, sopUid: `${IDENTITY_A.studyUid}.3.${seed}` };
  }

  const cases: [Encoding, 'ISO_IR 100' | 'ISO_IR 192'][] = [
    ['explicit', 'ISO_IR 100'],
    ['explicit', 'ISO_IR 192'],
    ['implicit', 'ISO_IR 100'],
    ['big', 'ISO_IR 192'],
    ['jpeg-ls', 'ISO_IR 100'],
  ];

  cases.forEach(([encoding, charset], seed) => {
    it(`leaves 0 PHI hits in a ${encoding} ${charset} corpus and stays a valid, decodable file`, async () => {
      const { file, corpus, sopUid } = corpusFile(encoding, charset, seed + 1);
      const original = readFileSync(file);
      // The corpus really is in the input: the test would pass vacuously otherwise.
      expect(phiHits(original, [IDENTITY_A.familyName, IDENTITY_A.patientId]).length).toBeGreaterThan(0);
      const source = readDicom(original);
      const result = deidentify(source, OPTIONS);
      const output = Buffer.concat(writeDicom(result.meta, result.dataset));
      expect(phiHits(output, [...corpus.identifying, ...corpus.uids, sopUid])).toEqual([]);

      const out = join(dir, `out-${seed}.dcm`);
      if (process.env.MANUS_KEEP_DEID_OUTPUT)
        writeFileSync(`${process.env.MANUS_KEEP_DEID_OUTPUT}-${seed}.dcm`, output);
      writeFileSync(out, output);
      run('dcmdump', ['-q', '-E', out]);
      expect(dcmdumpValue(out, 'PatientName')).toBe('P-0042');
      expect(dcmdumpValue(out, 'PatientIdentityRemoved')).toBe('YES');
      const reread: DicomFile = readDicom(output);
      const newSop = getString(reread.dataset, T.SOPInstanceUID)!;
      expect(newSop).toBe(remapUid(SECRET, sopUid));
      expect(newSop.length).toBeLessThanOrEqual(64);
      expect(getString(reread.meta, T.MediaStorageSOPInstanceUID)).toBe(newSop);
      expect(getString(reread.dataset, T.StudyDate)).toBe('20241111'); // 2025-03-14 minus 123 days
      expect(getString(reread.dataset, T.PatientBirthDate)).toBeUndefined();
      expect(getString(reread.dataset, T.PatientSex)).toBe('F');
      expect(getString(reread.dataset, T.PatientAge)).toBe('067Y');
      expect(getString(reread.dataset, T.StationName)).toBe('MAGNETOM7T'); // Retain Device Identity
      expect(getString(reread.dataset, T.SeriesDescription)).toBe('t1_vibe_hands');
      const referenced = firstItem(reread.dataset, 0x00081140)!;
      expect(getString(referenced, 0x00081155)).toBe(remapUid(SECRET, `${IDENTITY_A.studyUid}.1`));
      expect(
        getItems(reread.dataset, T.DeidentificationMethodCodeSequence).map((i) => getString(i, T.CodeValue)),
      ).toEqual(['113100', '113105', '113107', '113108', '113109']);
      expect(Array.from(await decodeFrame(reread, 0))).toEqual(Array.from(await decodeFrame(source, 0)));
      expect(result.acquisition).toMatchObject({
        nucleus: '23NA',
        referenceVoltageV: 245.5,
        repetitionTimeMs: 100,
        coil: 'Hand 8ch',
      });
      expect(result.report.privateRemoved.private).toBeGreaterThanOrEqual(3);
      expect(result.report.removed.OperatorsName).toBe(1);
      expect(phiHits(Buffer.from(JSON.stringify(result.report)), corpus.identifying)).toEqual([]);
    });
  });

  it('maps the same UID to the same new UID in every file, and differently under another study secret', () => {
    const a = deidentify(readDicom(readFileSync(corpusFile('explicit', 'ISO_IR 100', 20).file)), OPTIONS);
    const b = deidentify(readDicom(readFileSync(corpusFile('explicit', 'ISO_IR 100', 21).file)), OPTIONS);
    const other = deidentify(readDicom(readFileSync(corpusFile('explicit', 'ISO_IR 100', 22).file)), {
      ...OPTIONS,
      secret: Buffer.from('another-study'),
    });
    const study = (r: typeof a) => getString(r.dataset, T.StudyInstanceUID);
    expect(study(a)).toBe(study(b));
    expect(study(a)).not.toBe(study(other));
    expect(getString(a.dataset, T.FrameOfReferenceUID)).toBe(
      remapUid(SECRET, IDENTITY_A.frameOfReferenceUid),
    );
  });

  it('re-pseudonymises an inbox file into exactly the file a direct import to the participant gives', () => {
    const { file } = corpusFile('explicit', 'ISO_IR 192', 40);
    const original = readDicom(readFileSync(file));
    const bytes = (d: {
      meta: Parameters<typeof writeDicom>[0];
      dataset: Parameters<typeof writeDicom>[1];
    }) => Buffer.concat(writeDicom(d.meta, d.dataset));
    const direct = bytes(deidentify(original, OPTIONS));
    const inbox = deidentify(original, { secret: SECRET, pseudonym: 'U-ABCDEFGHJK', dateShiftDays: -400 });
    const assigned = deidentify(readDicom(bytes(inbox)), {
      secret: SECRET,
      pseudonym: OPTIONS.pseudonym,
      dateShiftDays: OPTIONS.dateShiftDays + 400,
      keepUids: true,
    });
    expect(assigned.report.uidsRemapped).toEqual({});
    expect(bytes(assigned).equals(direct)).toBe(true);
  });
});

describe('de-identification actions', () => {
  const text = (t: number, vr: string, value: string) => bytesElement(t, vr, Buffer.from(value, 'latin1'));
  const deidentified = (elements: DicomElement[]) =>
    deidentify(
      {
        meta: new Map(),
        dataset: new Map(
          [
            text(T.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.4.1'),
            text(T.SOPInstanceUID, 'UI', '1.2.826.0.1.3680043.99.9.1'),
            ...elements,
          ].map((e) => [e.tag, e]),
        ),
        transferSyntax: transferSyntax(EXPLICIT_LITTLE),
        charset: 'latin1',
      },
      OPTIONS,
    );
  const written = (result: ReturnType<typeof deidentify>) =>
    Buffer.concat(writeDicom(result.meta, result.dataset));

  it('gives D attributes a dummy value, not an empty one, so type 1 attributes stay valid (PS3.15 E.1.1)', () => {
    const sponsor = tag(0x0012, 0x0010);
    const protocolId = tag(0x0012, 0x0020);
    const readingId = tag(0x0012, 0x0042);
    const protocolName = tag(0x0012, 0x0021);
    const result = deidentified([
      text(sponsor, 'LO', 'Sponsor of Lefevre'),
      text(protocolId, 'LO', 'LEFEVRE-77120458'),
      // An explicit VR writer that does not know the attribute sends it as UN.
      text(readingId, 'UN', 'READ-LEFEVRE'),
      text(protocolName, 'LO', 'Protocol of Lefevre'),
    ]);
    for (const t of [sponsor, protocolId, readingId]) {
      expect(getString(result.dataset, t)).toBe(DUMMY_VALUE);
      expect(result.dataset.get(t)!.vr).toBe('LO');
    }
    // Z stays a zero-length value: Clinical Trial Protocol Name is type 2.
    expect(rawBytes(result.dataset.get(protocolName))).toHaveLength(0);
    expect(result.report.replaced).toMatchObject({ ClinicalTrialSponsorName: 1, ClinicalTrialProtocolID: 1 });
    expect(phiHits(written(result), ['Lefevre', 'LEFEVRE'])).toEqual([]);
  });

  it('keeps an empty Acquisition Context Sequence, type 2 in the Enhanced MR IOD (X/Z, PS3.3 C.7.6.14)', () => {
    const context = tag(0x0040, 0x0555);
    const item: Dataset = new Map([[0x0040a123, text(0x0040a123, 'PN', 'Lefevre^Helene')]]);
    const result = deidentified([sequenceElement(context, [item])]);
    expect(result.dataset.get(context)?.value).toEqual({ kind: 'sequence', items: [] });
    expect(phiHits(written(result), ['Lefevre'])).toEqual([]);
  });
});
