import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirOf, type Database } from '../../db/connection.ts';
import { TEST_ENGINES } from '../../db/testing/engines.ts';
import { recordQuantification } from '../../db/repositories/sodium.ts';
import { sodiumReport, testActor } from '../../db/testing/fixtures.ts';
import { withTransaction } from '../../db/transaction.ts';
import { readNifti } from '../../imaging/nifti/read.ts';
import { importDemoImages } from '../demo/images.ts';
import { folderOutput } from './output.ts';
import { runExport, type ExportResult } from './run.ts';
import { loadExportSnapshot } from './snapshot.ts';
import { openExportTestStudy } from './testing.ts';

/**
 * The BIDS export of the export test study once its exam has (small) synthetic images. SQLite only: the writer's
 * queries are the image repositories' own, tested on both engines, and the image store follows the SQLite folder.
 * The reference validator, bids-validator 1.15 (697 MB, so not an app dependency), runs when
 * MANUS_BIDS_VALIDATOR names its executable; CI installs it and sets MANUS_REQUIRE_BIDS_VALIDATOR=1.
 */
const validator = process.env.MANUS_BIDS_VALIDATOR;
if (!validator && process.env.MANUS_REQUIRE_BIDS_VALIDATOR === '1') {
  throw new Error('MANUS_REQUIRE_BIDS_VALIDATOR=1 but MANUS_BIDS_VALIDATOR does not name the bids-validator');
}

describe('BIDS export', () => {
  let db: Database;
  let folder: string;
  let result: ExportResult;
  const progress: [number, number][] = [];
  beforeAll(async () => {
    db = await openExportTestStudy(TEST_ENGINES[0]!);
    const snapshot = await withTransaction(db, (trx) =>
      loadExportSnapshot(trx, testActor, { identified: true, purpose: 'test' }),
    );
    await importDemoImages(db, testActor, {
      dataDir: dataDirOf(db),
      exam: snapshot.exams[0]!,
      seed: 7,
      lesions: [],
      sizes: { proton: { columns: 24, rows: 20, slices: 16 }, sodium: { columns: 16, rows: 16, slices: 16 } },
    });
    folder = mkdtempSync(join(tmpdir(), 'manus-bids-'));
    result = await runExport(db, testActor, { format: 'bids', identified: false }, folderOutput(folder), {
      onProgress: (done, total) => progress.push([done, total]),
    });
  });
  afterAll(async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const anat = 'sub-P0001/ses-1/anat';

  it('writes each stored series as gzipped NIfTI with a sidecar, named by contrast, sodium as acq-23Na', () => {
    const images = result.files.filter((f) => f.startsWith('sub-') && f.endsWith('.nii.gz')).sort();
    expect(images).toEqual([
      `${anat}/sub-P0001_ses-1_T1w.nii.gz`,
      `${anat}/sub-P0001_ses-1_acq-23Na_PDw.nii.gz`,
      `${anat}/sub-P0001_ses-1_acq-fatsat_PDw.nii.gz`,
    ]);
    const bytes = readFileSync(join(folder, `${anat}/sub-P0001_ses-1_acq-23Na_PDw.nii.gz`));
    expect(bytes.readUInt32LE(4)).toBe(0); // gzip MTIME: unset, as the validator wants
    expect(readNifti(bytes).volume.dims).toEqual([16, 16, 16]);
    const sidecar = JSON.parse(
      readFileSync(join(folder, `${anat}/sub-P0001_ses-1_T1w.json`), 'utf8'),
    ) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ MagneticFieldStrength: 7, Manufacturer: 'Manus synthetic demo' });
    expect(sidecar.RepetitionTime).toBeLessThan(1); // seconds, not milliseconds
    expect(sidecar.FlipAngle).toBeTypeOf('number');
    expect(progress.at(-1)).toEqual([3, 3]);
  });

  it('writes the dataset files, every participant, and the sodium ROI results as a derivative', () => {
    for (const file of ['dataset_description.json', 'README', '.bidsignore', 'participants.json'])
      expect(existsSync(join(folder, file))).toBe(true);
    const participants = readFileSync(join(folder, 'participants.tsv'), 'utf8').trim().split('\n');
    expect(participants[0]).toBe('participant_id\tmanus_code\tgroup\tsex\tstatus');
    expect(participants.slice(1).map((row) => row.split('\t').slice(0, 3))).toEqual([
      ['sub-P0001', 'P-0001', 'ssc'],
      ['sub-P0002', 'P-0002', 'control'],
      ['sub-P0003', 'P-0003', 'ssc'],
    ]);
    const rois = readFileSync(
      join(folder, 'derivatives/manus-sodium/sub-P0001/ses-1/sub-P0001_ses-1_desc-sodium_rois.tsv'),
      'utf8',
    );
    expect(rois.split('\n')[0]).toBe(
      'roi\tlabel\tkind\tvoxels\tvolume_mm3\tmean_mmol_l\tsd_mmol_l\tmedian_mmol_l',
    );
    expect(rois.trim().split('\n')).toHaveLength(3);
  });

  it('writes a concentration map of the quantified 23Na series: its calibration applied voxel by voxel', () => {
    const derivative =
      'derivatives/manus-sodium/sub-P0001/ses-1/anat/sub-P0001_ses-1_acq-23Na_desc-concentration';
    expect(result.files).toContain(`${derivative}_PDmap.nii.gz`);
    const raw = readNifti(readFileSync(join(folder, `${anat}/sub-P0001_ses-1_acq-23Na_PDw.nii.gz`))).volume;
    const map = readNifti(readFileSync(join(folder, `${derivative}_PDmap.nii.gz`))).volume;
    expect(map.dims).toEqual(raw.dims);
    expect(map.affine).toEqual(raw.affine);
    // The test study's calibration: slope 2, intercept 0, sigma 3, noise-corrected.
    const expected = Array.from(raw.data, (m) => Math.sqrt(Math.max(m * m - 9, 0)) / 2);
    expect(Math.max(...map.data.map((c, i) => Math.abs(c - expected[i]!)))).toBeLessThan(1e-3);
    expect(Math.max(...map.data)).toBeGreaterThan(50);
    const sidecar = JSON.parse(readFileSync(join(folder, `${derivative}_PDmap.json`), 'utf8')) as {
      Units: string;
      Sources: string[];
      SodiumQuantification: { Calibration: { SlopeSignalPerMmolL: number; References: unknown[] } };
    };
    expect(sidecar.Units).toBe('mmol/L');
    expect(sidecar.Sources).toEqual([`bids:raw:${anat}/sub-P0001_ses-1_acq-23Na_PDw.nii.gz`]);
    expect(sidecar.SodiumQuantification.Calibration.SlopeSignalPerMmolL).toBe(2);
    expect(sidecar.SodiumQuantification.Calibration.References).toHaveLength(2);
    expect(readFileSync(join(folder, 'derivatives/manus-sodium/README'), 'utf8')).toContain(
      'Every quantified 23Na series has its map.',
    );
  });

  it.skipIf(!validator)('bids-validator 1.15 finds no error', () => {
    const run = spawnSync(validator!, [folder, '--json', '--ignoreWarnings'], { encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { issues: { errors: { key: string; reason: string }[] } };
    expect(report.issues.errors.map((e) => `${e.key}: ${e.reason}`)).toEqual([]);
    expect(run.status).toBe(0);
  });

  // Last: it supersedes the test study's quantification.
  it('redoes the corrections of a job quantification from the stored series its request names', async () => {
    const { exams } = await withTransaction(db, (trx) =>
      loadExportSnapshot(trx, testActor, { identified: true, purpose: 'test' }),
    );
    const exam = exams[0]!;
    const uid = exam.series.find((s) => s.nucleus === '23NA')!.seriesInstanceUid;
    const reference = (concentrationMmol: number) => ({
      name: `Tube ${concentrationMmol}`,
      kind: 'reference',
      concentrationMmol,
    });
    const request = {
      sodium: { seriesInstanceUid: uid },
      labels: { seriesInstanceUid: uid },
      legend: { labels: { '65000': reference(50), '65001': reference(150) } },
      relaxation: null,
      // The sodium image as its own receive field: W A = M / M = 1 wherever M > 0, undefined where M = 0.
      receiveField: { seriesInstanceUid: uid },
      transmitField: null,
      noiseCorrection: false,
    };
    await withTransaction(db, (trx) =>
      recordQuantification(trx, testActor, exam.id, {
        ...sodiumReport(220),
        parameters: { manusVersion: 'test', noiseCorrection: false, job: { id: 'job-1', request } },
      }),
    );
    const again = mkdtempSync(join(tmpdir(), 'manus-bids-job-'));
    try {
      await runExport(db, testActor, { format: 'bids', identified: false }, folderOutput(again));
      const name = 'sub-P0001/ses-1/anat/sub-P0001_ses-1_acq-23Na';
      const raw = readNifti(readFileSync(join(again, `${name}_PDw.nii.gz`))).volume.data;
      const map = readNifti(
        readFileSync(join(again, `derivatives/manus-sodium/${name}_desc-concentration_PDmap.nii.gz`)),
      ).volume.data;
      // Slope 2, intercept 0: (1 - 0) / 2, up to the float32 weight 1 / M.
      expect(Array.from(map, (c) => (Number.isNaN(c) ? 'NaN' : Math.round(c * 1e5) / 1e5))).toEqual(
        Array.from(raw, (m) => (m > 0 ? 0.5 : 'NaN')),
      );
      expect(raw.some((m) => m === 0) && raw.some((m) => m > 0)).toBe(true);
      const sidecar = JSON.parse(
        readFileSync(join(again, `derivatives/manus-sodium/${name}_desc-concentration_PDmap.json`), 'utf8'),
      ) as { SodiumQuantification: { Corrections: Record<string, boolean> } };
      expect(sidecar.SodiumQuantification.Corrections).toEqual({
        ReceiveField: true,
        TransmitField: false,
        RelaxationModel: false,
      });
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
