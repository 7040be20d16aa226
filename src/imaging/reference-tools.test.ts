import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emptyReport } from './deid/report.ts';
import { readDicom } from './dicom/read.ts';
import { processInput } from './import/process.ts';
import { readNifti } from './nifti/read.ts';
import { FilesystemStore } from './store/filesystem.ts';
import { makeDicom, run, type Encoding, type Phantom } from './testing/dcmtk.ts';
import { classicMrLines, enhancedMrLines, IDENTITY_A, phantom16, sliceValue } from './testing/phantoms.ts';
import { phiCorpus } from './testing/phi-corpus.ts';
import { dciodvfyErrors, dcm2niix, describeWithReferenceTools } from './testing/reference-tools.ts';
import { applyAffine, volumeFromDicom, type Volume } from './volume.ts';

/**
 * The one error that de-identification has to add. PS3.15 Table E.1-1 removes Clinical Trial Protocol Ethics
 * Committee Approval Number (0012,0082) (action X) and replaces Clinical Trial Protocol Ethics Committee Name
 * (0012,0081) with a dummy (action D), while PS3.3 C.7.1.3 (Table C.7-2b) makes the name type 1C, "required if
 * (0012,0082) is present" and so not allowed otherwise: the profile itself breaks the module's condition.
 */
const REQUIRED_BY_PS3_15 = new Set([
  'Attribute present when condition unsatisfied (which may not be present otherwise) Type 1C Conditional ' +
    'Element=<ClinicalTrialProtocolEthicsCommitteeName> Module=<ClinicalTrialSubject>',
]);

const dot = (a: readonly number[], b: readonly number[]): number =>
  a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const cross = (a: readonly number[], b: readonly number[]): number[] => [
  a[1]! * b[2]! - a[2]! * b[1]!,
  a[2]! * b[0]! - a[0]! * b[2]!,
  a[0]! * b[1]! - a[1]! * b[0]!,
];
const unit = (v: readonly number[]): number[] => v.map((x) => x / Math.hypot(...v));

/**
 * A double-oblique grid (no axis along x, y or z), with pixels 0.3 mm apart along a row and 0.4 mm down a column,
 * and 1.5 mm slices: a swapped row/column, a wrong spacing or a wrong slice direction all move voxels.
 */
const ROW = unit([0.9, 0.3, 0.2]);
const TOWARDS_COLUMN = [-0.3, 0.9, 0.25];
const COLUMN = unit(TOWARDS_COLUMN.map((v, a) => v - dot(TOWARDS_COLUMN, ROW) * ROW[a]!));
const NORMAL = cross(ROW, COLUMN);
const PIXEL_SPACING = [0.4, 0.3]; // PS3.3 C.7.6.2.1.1: between rows, then between columns
const SLICE_GAP = 1.5;
const ORIGIN = [-40.25, 12.5, 33];
const ROWS = 24;
const COLUMNS = 32;
/** The slice written first, second, …: files and frames in neither position nor instance number order. */
const WRITE_ORDER = [3, 0, 5, 1, 4, 2];

const ds = (v: readonly number[]): string => v.map((x) => String(+x.toFixed(8))).join('\\');
const position = (k: number): number[] => ORIGIN.map((o, a) => o + k * SLICE_GAP * NORMAL[a]!);

/**
 * Fixture lines with this suite's geometry in place of the phantoms' default: `slices[n]` is the slice whose
 * position the n-th ImagePositionPatient gets (one per classic file, one per frame of an enhanced file).
 */
function obliqueGeometry(lines: readonly string[], slices: readonly number[]): string[] {
  let n = 0;
  return lines.map((line) => {
    if (line.startsWith('(0020,0032)')) return `(0020,0032) DS [${ds(position(slices[n++]!))}]`;
    if (line.startsWith('(0020,0037)')) return `(0020,0037) DS [${ds([...ROW, ...COLUMN])}]`;
    if (line.startsWith('(0028,0030)')) return `(0028,0030) DS [${ds(PIXEL_SPACING)}]`;
    return line;
  });
}

/** The (fractional) voxel index of a point, by Cramer's rule on the affine's columns. */
function voxelOf(affine: readonly number[], point: readonly number[]): number[] {
  const c = [0, 1, 2].map((j) => [affine[j]!, affine[4 + j]!, affine[8 + j]!]);
  const d = [0, 1, 2].map((r) => point[r]! - affine[4 * r + 3]!);
  const det = dot(c[0]!, cross(c[1]!, c[2]!));
  return [cross(c[1]!, c[2]!), cross(c[2]!, c[0]!), cross(c[0]!, c[1]!)].map((r) => dot(r, d) / det);
}

/**
 * Checks that dcm2niix's volume is Manus's up to a reordering of the voxels (dcm2niix writes rows bottom-up): the
 * voxel holding each Manus voxel's centre must sit at a whole index, found by a signed permutation of the axes;
 * then dims, spacing and the affine must agree once permuted, and the same physical point must hold the same
 * value everywhere in the volume.
 */
function expectSameImage(manus: Volume, other: Volume): void {
  const toOther = (ijk: readonly number[]): number[] =>
    voxelOf(other.affine, applyAffine(manus.affine, ijk as [number, number, number]));
  const offset = toOther([0, 0, 0]);
  // axis[a][b]: how far along dcm2niix's axis b one step along Manus's axis a goes.
  const axis = [0, 1, 2].map((a) => toOther([0, 1, 2].map((b) => +(a === b))).map((v, b) => v - offset[b]!));
  for (const v of [...offset, ...axis.flat()]) expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-3);
  const step = axis.map((row) => row.map(Math.round));
  const origin = offset.map(Math.round);
  const source = [0, 1, 2].map((b) => step.findIndex((row) => Math.abs(row[b]!) === 1));
  expect([...source].sort()).toEqual([0, 1, 2]);
  expect(step.flat().filter((v) => v !== 0)).toHaveLength(3);

  const expectedAffine = Array.from(other.affine);
  const corner = [0, 0, 0];
  source.forEach((a, b) => {
    const sign = step[a]![b]!;
    expect(other.dims[b]).toBe(manus.dims[a]);
    expect(other.spacing[b]).toBeCloseTo(manus.spacing[a]!, 3);
    for (let r = 0; r < 3; r++) expectedAffine[4 * r + b] = sign * manus.affine[4 * r + a]!;
    corner[a] = -origin[b]! * sign;
  });
  applyAffine(manus.affine, corner as [number, number, number]).forEach((v, r) => {
    expectedAffine[4 * r + 3] = v;
  });
  other.affine.forEach((v, i) => expect(Math.abs(v - expectedAffine[i]!), `affine[${i}]`).toBeLessThan(1e-3));

  const [nx, ny, nz] = manus.dims;
  const [ox, oy] = other.dims;
  let mismatches = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const [x, y, z] = [0, 1, 2].map(
          (b) => origin[b]! + i * step[0]![b]! + j * step[1]![b]! + k * step[2]![b]!,
        );
        if (manus.data[i + nx * (j + ny * k)] !== other.data[x! + ox * (y! + oy * z!)]) mismatches += 1;
      }
  expect(mismatches).toBe(0);
}

describeWithReferenceTools('reference tools', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-reference-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The PHI corpus added to fixture lines, as the import tests do, so that de-identification has work to do. */
  const withCorpus = (lines: string[], seed: number): string[] => {
    const exclude = new Set(lines.map((l) => l.slice(0, 11).toLowerCase()));
    return [...lines, ...phiCorpus(IDENTITY_A, seed, exclude).lines];
  };

  /** De-identified and stored exactly as `manus import --participant` does; returns the stored file's path. */
  async function imported(file: string): Promise<string> {
    const store = new FilesystemStore(mkdtempSync(join(dir, 'store-')));
    const outcome = await processInput(
      { name: basename(file), path: file },
      {
        secret: Buffer.from('synthetic-study-secret-for-tests-only'),
        target: { kind: 'participant', code: 'P-0042' },
        keepOriginals: false,
      },
      { dicom: store },
      emptyReport(),
    );
    if (!outcome.ok || !('instance' in outcome)) throw new Error(`Import failed: ${JSON.stringify(outcome)}`);
    return store.pathOf(outcome.instance.storeKey);
  }

  /**
   * dciodvfy's errors for an original: Debian's dciodvfy cannot inflate, so a deflated original is validated
   * through DCMTK's explicit VR re-encoding of the same data set.
   */
  function originalErrors(file: string, encoding: Encoding): string[] {
    if (encoding !== 'deflate') return dciodvfyErrors(file);
    const explicit = `${file}.explicit.dcm`;
    run('dcmconv', ['-q', '+te', file, explicit]);
    return dciodvfyErrors(explicit);
  }

  async function expectNoNewErrors(file: string, encoding: Encoding): Promise<void> {
    const before = new Set([...originalErrors(file, encoding), ...REQUIRED_BY_PS3_15]);
    expect(dciodvfyErrors(await imported(file)).filter((e) => !before.has(e))).toEqual([]);
  }

  const classic: Encoding[] = [
    'explicit',
    'implicit',
    'big',
    'deflate',
    'rle',
    'jpeg-lossless',
    'jpeg-baseline',
    'jpeg-ls',
  ];
  classic.forEach((encoding, k) => {
    it(`dciodvfy: de-identifying a classic MR (${encoding}) adds no IOD error to the original's`, async () => {
      const charset = k % 2 ? 'ISO_IR 192' : 'ISO_IR 100';
      const lines = classicMrLines({
        identity: IDENTITY_A,
        charset,
        k,
        sopUid: `${IDENTITY_A.studyUid}.40.${k + 1}`,
      });
      const file = makeDicom(
        dir,
        `classic-${encoding}`,
        withCorpus(lines, 500 + k),
        phantom16(ROWS, COLUMNS, 1, k),
        encoding,
        charset === 'ISO_IR 192' ? 'utf8' : 'latin1',
      );
      await expectNoNewErrors(file, encoding);
    });
  });

  (['explicit', 'jpeg-ls'] as const).forEach((encoding, k) => {
    it(`dciodvfy: de-identifying an enhanced multi-frame MR (${encoding}) adds no IOD error to the original's`, async () => {
      const lines = enhancedMrLines({
        identity: IDENTITY_A,
        sopUid: `${IDENTITY_A.studyUid}.41.${k + 1}`,
        frames: 4,
      });
      const file = makeDicom(
        dir,
        `enhanced-${encoding}`,
        withCorpus(lines, 600 + k),
        phantom16(ROWS, COLUMNS, 4),
        encoding,
        'utf8',
      );
      await expectNoNewErrors(file, encoding);
    });
  });

  /** A folder holding only the given DICOM files, for dcm2niix, which converts every series it finds. */
  function folderOf(name: string, files: readonly string[]): string {
    const folder = join(dir, name);
    mkdirSync(folder);
    files.forEach((f, n) => copyFileSync(f, join(folder, `${n}.dcm`)));
    return folder;
  }

  function expectDcm2niixAgrees(folder: string, manus: Volume): void {
    const outputs = dcm2niix(folder, dir);
    expect(outputs).toHaveLength(1);
    const { nifti, sidecar } = outputs[0]!;
    // dcm2niix read the orientation that was written, not a default.
    (sidecar.ImageOrientationPatientDICOM as number[]).forEach((v, n) =>
      expect(v).toBeCloseTo([...ROW, ...COLUMN][n]!, 5),
    );
    const image = readNifti(readFileSync(nifti));
    expect(image.geometrySource).toBe('sform');
    expectSameImage(manus, image.volume);
  }

  it('dcm2niix: a double-oblique classic MR series written out of order has the same dims, spacing, LPS affine and rescaled values', async () => {
    const files = WRITE_ORDER.map((k, n) =>
      makeDicom(
        mkdtempSync(join(dir, 'classic-')),
        `slice-${k}`,
        obliqueGeometry(
          classicMrLines({
            identity: IDENTITY_A,
            charset: 'ISO_IR 100',
            k,
            sopUid: `${IDENTITY_A.studyUid}.42.${k + 1}`,
          }),
          [k],
        ).map((line) => (line.startsWith('(0020,0013)') ? `(0020,0013) IS [${n + 1}]` : line)),
        phantom16(ROWS, COLUMNS, 1, k),
        'explicit',
      ),
    );
    const manus = await volumeFromDicom(files.map((f) => readDicom(readFileSync(f))));
    expect(manus.dims).toEqual([COLUMNS, ROWS, WRITE_ORDER.length]);
    manus.spacing.forEach((s, a) => expect(s).toBeCloseTo([0.3, 0.4, SLICE_GAP][a]!, 6));
    // The rescale (slope 0.5, intercept −100) is applied: dcm2niix keeps it in scl_slope/scl_inter.
    expect(manus.data[1]).toBe(sliceValue(1, 0, 0) * 0.5 - 100);
    expectDcm2niixAgrees(folderOf('classic-series', files), manus);
  });

  it('dcm2niix: a double-oblique enhanced MR with frames out of order has the same dims, spacing, LPS affine and rescaled values', async () => {
    const phantom: Phantom = {
      rows: ROWS,
      columns: COLUMNS,
      frames: WRITE_ORDER.length,
      bits: 16,
      value: (i, j, f) => sliceValue(i, j, WRITE_ORDER[f]!),
    };
    const file = makeDicom(
      dir,
      'enhanced-oblique',
      obliqueGeometry(
        enhancedMrLines({
          identity: IDENTITY_A,
          sopUid: `${IDENTITY_A.studyUid}.43`,
          frames: WRITE_ORDER.length,
        }),
        WRITE_ORDER,
      ),
      phantom,
      'explicit',
      'utf8',
    );
    const manus = await volumeFromDicom([readDicom(readFileSync(file))]);
    expect(manus.dims).toEqual([COLUMNS, ROWS, WRITE_ORDER.length]);
    expectDcm2niixAgrees(folderOf('enhanced-series', [file]), manus);
  });
});
