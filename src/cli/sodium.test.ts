import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNifti } from '../imaging/nifti/read.ts';
import { writeNifti } from '../imaging/nifti/write.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');

/** The real `manus` executable; these commands touch no database. */
function manus(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('manus phantom and manus quantify', () => {
  let dir: string;
  let phantom: string;
  const file = (name: string) => join(phantom, name);
  const inputs = () => [
    '--sodium',
    file('sodium.nii'),
    '--labels',
    file('labels.nii'),
    '--legend',
    file('legend.json'),
  ];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-sodium-cli-'));
    phantom = join(dir, 'phantom');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a phantom: volumes, labels, legend, relaxation and truth, with a JSON summary', () => {
    const run = manus([
      'phantom',
      '--out',
      phantom,
      '--size',
      '64',
      '--seed',
      '3',
      '--receive-field',
      '--relaxation',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      size: 64,
      snr: 20,
      seed: 3,
      receiveField: true,
      relaxation: true,
      rois: 40,
    });
    expect(Object.keys(summary.files).sort()).toEqual(
      ['labels', 'legend', 'proton', 'receiveField', 'relaxation', 'sodium', 'truth'].sort(),
    );
    const truth = JSON.parse(readFileSync(file('truth.json'), 'utf8'));
    expect(truth.labels).toHaveLength(40);
    const labels = readNifti(readFileSync(file('labels.nii'))).volume;
    expect(labels.dims).toEqual([64, 64, 64]);
    expect(labels.spacing).toEqual([4, 4, 4]);
  });

  it('quantifies it: the --json contract, the concentration map and the report in --out, joints within 3 %', () => {
    const out = join(dir, 'result');
    const run = manus([
      'quantify',
      ...inputs(),
      '--receive-field',
      file('receive.nii'),
      '--relaxation',
      file('relaxation.json'),
      '--out',
      out,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['calibration', 'rois', 'warnings', 'parameters']);
    expect(Object.keys(report.calibration)).toEqual(['slope', 'intercept', 'r2', 'noiseSigma', 'references']);
    expect(Object.keys(report.calibration.references[0])).toEqual([
      'label',
      'name',
      'concentrationMmol',
      'meanSignal',
      'correctedSignal',
      'voxels',
      'residual',
    ]);
    expect(report.calibration.references).toHaveLength(5);
    expect(Object.keys(report.rois[0])).toEqual([
      'label',
      'name',
      'kind',
      'voxels',
      'volumeMm3',
      'concentrationMmol',
    ]);
    expect(Object.keys(report.rois[0].concentrationMmol)).toEqual(['mean', 'sd', 'median']);
    expect(report.parameters).toMatchObject({
      manusVersion: expect.any(String),
      inputs: { sodium: file('sodium.nii'), receiveField: file('receive.nii'), transmitField: null },
      noiseCorrection: true,
      relaxationModel: { acquisition: { trMs: 80, teMs: 0.5, flipAngleDeg: 90 } },
      grid: { dims: [64, 64, 64], spacingMm: [4, 4, 4] },
      out,
    });
    const truth = new Map<number, number>(
      JSON.parse(readFileSync(file('truth.json'), 'utf8')).labels.map(
        (t: { label: number; concentrationMmol: number }) => [t.label, t.concentrationMmol],
      ),
    );
    const joints = report.rois.filter(
      (r: { kind: string; voxels: number }) => r.kind === 'joint' && r.voxels >= 30,
    );
    expect(joints).toHaveLength(32);
    for (const joint of joints)
      expect(Math.abs(joint.concentrationMmol.mean / truth.get(joint.label)! - 1)).toBeLessThan(0.03);

    expect(JSON.parse(readFileSync(join(out, 'quantification.json'), 'utf8'))).toEqual(report);
    const map = readNifti(readFileSync(join(out, 'concentration.nii')));
    const sodium = readNifti(readFileSync(file('sodium.nii')));
    expect(map.volume.dims).toEqual([64, 64, 64]);
    expect(map.volume.affine).toEqual(sodium.volume.affine);
    // float32 on disk (datatype 16 at byte 70), in mmol/L: the voxels of a joint average near its concentration.
    expect(readFileSync(join(out, 'concentration.nii')).readInt16LE(70)).toBe(16);
    const labels = readNifti(readFileSync(file('labels.nii'))).volume.data;
    const joint = joints[0];
    let sum = 0;
    labels.forEach((l, i) => {
      if (l === joint.label) sum += map.volume.data[i]!;
    });
    expect(sum / joint.voxels).toBeCloseTo(joint.concentrationMmol.mean, -1);
  });

  it('exits 2 with a clear message on bad input', () => {
    const small = join(dir, 'small.nii');
    writeFileSync(
      small,
      writeNifti({
        dims: [2, 2, 2],
        affine: [4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1],
        data: new Int16Array(8),
      }),
    );
    const run = manus([
      'quantify',
      '--sodium',
      file('sodium.nii'),
      '--labels',
      small,
      '--legend',
      file('legend.json'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('manus: The labels grid (2×2×2) does not match the sodium grid (64×64×64)');
  });
});
