import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyAffine, volumeFromDicom } from '../volume.ts';
import { dcmdumpValue, describeWithDcmtk, makeDicom, run, type Encoding } from '../testing/dcmtk.ts';
import {
  classicMrLines,
  COL_DIR,
  enhancedMrLines,
  IDENTITY_A,
  phantom16,
  phantom8,
  PIXEL_SPACING,
  ROW_DIR,
  SLICE_GAP,
  slicePosition,
  sliceValue,
} from '../testing/phantoms.ts';
import { decodeFrame } from './pixels.ts';
import { readDicom } from './read.ts';
import { T } from './tag.ts';
import { getNumber, getString } from './values.ts';

const ROWS = 6;
const COLUMNS = 5;
const SLICES = 4;
const LOSSLESS: Encoding[] = ['implicit', 'explicit', 'big', 'deflate', 'rle', 'jpeg-lossless', 'jpeg-ls'];

describeWithDcmtk('DICOM reading', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-dicom-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const series = (encoding: Encoding, charset: 'ISO_IR 100' | 'ISO_IR 192' = 'ISO_IR 100') =>
    Array.from({ length: SLICES }, (_, k) =>
      makeDicom(
        dir,
        `${encoding}-${charset.replace(' ', '')}-${k}`,
        classicMrLines({ identity: IDENTITY_A, charset, k, sopUid: `1.2.826.0.1.3680043.99.2.${k + 1}` }),
        phantom16(ROWS, COLUMNS, 1, k),
        encoding,
        charset === 'ISO_IR 192' ? 'utf8' : 'latin1',
      ),
    );

  for (const encoding of LOSSLESS) {
    it(`decodes ${encoding} to the exact stored values and builds the LPS affine`, async () => {
      // Shuffled on purpose: slices must be ordered by position, not by file order.
      const files = series(encoding).reverse();
      const parsed = files.map((f) => readDicom(readFileSync(f)));
      expect(getNumber(parsed[0]!.dataset, T.Rows)).toBe(ROWS);
      const volume = await volumeFromDicom(parsed);
      expect(volume.dims).toEqual([COLUMNS, ROWS, SLICES]);
      expect(volume.spacing[0]).toBeCloseTo(PIXEL_SPACING[1]);
      expect(volume.spacing[1]).toBeCloseTo(PIXEL_SPACING[0]);
      expect(volume.spacing[2]).toBeCloseTo(SLICE_GAP);
      for (let k = 0; k < SLICES; k++)
        for (let j = 0; j < ROWS; j++)
          for (let i = 0; i < COLUMNS; i++)
            expect(volume.data[i + COLUMNS * (j + ROWS * k)]).toBe(sliceValue(i, j, k) * 0.5 - 100);
      const corner = applyAffine(volume.affine, [COLUMNS - 1, ROWS - 1, SLICES - 1]);
      const expected = slicePosition(SLICES - 1).map(
        (p, a) =>
          p + ROW_DIR[a]! * PIXEL_SPACING[1] * (COLUMNS - 1) + COL_DIR[a]! * PIXEL_SPACING[0] * (ROWS - 1),
      );
      corner.forEach((v, a) => expect(v).toBeCloseTo(expected[a]!, 4));
    });
  }

  it('reads a deflated file to the data set of its explicit VR twin, whatever the preamble holds (PS3.10 7.1)', () => {
    const lines = classicMrLines({
      identity: IDENTITY_A,
      charset: 'ISO_IR 100',
      k: 0,
      sopUid: '1.2.826.0.1.3680043.99.2.90',
    });
    const explicit = readDicom(
      readFileSync(makeDicom(dir, 'twin-explicit', lines, phantom16(ROWS, COLUMNS), 'explicit')),
    );
    const deflated = readFileSync(makeDicom(dir, 'twin-deflate', lines, phantom16(ROWS, COLUMNS), 'deflate'));
    for (const fill of [0x00, 0x41, 0xff]) {
      const file = readDicom(Buffer.from(deflated).fill(fill, 0, 128));
      expect([...file.dataset.keys()]).toEqual([...explicit.dataset.keys()]);
      for (const [t, e] of explicit.dataset) expect(file.dataset.get(t)!.value).toEqual(e.value);
    }
  });

  it('decodes JPEG baseline like DCMTK does', async () => {
    const file = makeDicom(
      dir,
      'baseline',
      classicMrLines({
        identity: IDENTITY_A,
        charset: 'ISO_IR 100',
        k: 0,
        sopUid: '1.2.826.0.1.3680043.99.3.1',
      }).filter((l) => !l.startsWith('(0028,105')),
      phantom8(32, 24),
      'jpeg-baseline',
    );
    const reference = join(dir, 'baseline.d.dcm');
    run('dcmdjpeg', ['-q', file, reference]);
    run('dcmdump', ['-q', '+W', dir, reference]);
    const raw = readFileSync(join(dir, 'baseline.d.dcm.0.raw'));
    const ours = await decodeFrame(readDicom(readFileSync(file)), 0);
    expect(ours.length).toBe(32 * 24);
    let maxDiff = 0;
    for (let i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - raw[i]!));
    // IDCT implementations may round differently by one grey level.
    expect(maxDiff).toBeLessThanOrEqual(1);
  });

  it('agrees with dcmdump on tags, in ISO_IR 100 and ISO_IR 192', () => {
    for (const charset of ['ISO_IR 100', 'ISO_IR 192'] as const) {
      const [file] = series('explicit', charset);
      const parsed = readDicom(readFileSync(file!));
      expect(getString(parsed.dataset, T.PatientName, parsed.charset)).toBe(
        `${IDENTITY_A.familyName}^${IDENTITY_A.givenName}`,
      );
      expect(getString(parsed.dataset, T.PatientName, parsed.charset)).toBe(
        dcmdumpValue(file!, 'PatientName'),
      );
      expect(getString(parsed.dataset, T.InstitutionName, parsed.charset)).toBe(
        dcmdumpValue(file!, 'InstitutionName'),
      );
      expect(getString(parsed.dataset, T.SOPInstanceUID)).toBe(dcmdumpValue(file!, 'SOPInstanceUID'));
      expect(String(getNumber(parsed.dataset, T.Columns))).toBe(dcmdumpValue(file!, 'Columns'));
    }
  });

  it('reads an enhanced multi-frame MR with geometry from the functional groups', async () => {
    const frames = 5;
    const file = makeDicom(
      dir,
      'enhanced',
      enhancedMrLines({ identity: IDENTITY_A, sopUid: '1.2.826.0.1.3680043.99.4.1', frames }),
      phantom16(ROWS, COLUMNS, frames),
      'jpeg-ls',
    );
    const volume = await volumeFromDicom([readDicom(readFileSync(file))]);
    expect(volume.dims).toEqual([COLUMNS, ROWS, frames]);
    expect(volume.spacing[2]).toBeCloseTo(SLICE_GAP);
    expect(volume.data[2 + COLUMNS * (3 + ROWS * 4)]).toBe(sliceValue(2, 3, 4) * 0.5 - 100);
    expect(applyAffine(volume.affine, [0, 0, 4])).toEqual(slicePosition(4).map((v) => expect.closeTo(v, 5)));
  });

  it('refuses non-DICOM and truncated files with a reason', () => {
    expect(() => readDicom(Buffer.from('just some text, not an image'))).toThrow(/Not a DICOM Part 10 file/);
    const [file] = series('explicit');
    const bytes = readFileSync(file!);
    expect(() => readDicom(bytes.subarray(0, bytes.length - 7))).toThrow(
      /Truncated|past the end|overrun|overread/i,
    );
    expect(() => readDicom(bytes.subarray(0, 300))).toThrow(/Unreadable DICOM|Truncated/);
  });
});
