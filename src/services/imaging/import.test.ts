import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { listExamSeries } from '../../db/repositories/imaging/series.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { HAS_DCMTK } from '../../imaging/testing/dcmtk.ts';
import { IDENTITY_B, mixedFolder, type MixedFolder } from '../../imaging/testing/mixed-folder.ts';
import { phiHits } from '../../imaging/testing/phi-corpus.ts';
import { readNifti } from '../../imaging/nifti/read.ts';
import { writeNifti } from '../../imaging/nifti/write.ts';
import { IDENTITY } from '../../imaging/volume.ts';
import { runImport } from './import.ts';
import { importSources } from '../../imaging/import/sources.ts';
import { zipStored } from '../../imaging/testing/zip.ts';
import { writeHandExam } from '../../imaging/demo/hand-exam.ts';
import { updateReadingSettings } from '../../db/repositories/reading/settings.ts';
import { listTasks } from '../../db/repositories/reading/tasks.ts';
import { withTransaction } from '../../db/transaction.ts';

const actor = { userId: null, username: 'cli:test', role: 'system' as const, requestId: 'import-test' };

function storedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(join(dir, 'dicom'));
  return out;
}

describeEachEngine('import', (engine) => {
  let db: Database;
  let dir: string;
  let folder: MixedFolder;
  let examId: string;
  let participantCode: string;
  beforeAll(async () => {
    db = await engine.open();
    await seedDemo(db);
    dir = mkdtempSync(join(tmpdir(), 'manus-import-'));
    const exam = await db.kysely
      .selectFrom('mri_exam')
      .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
      .select(['mri_exam.id', 'participant.code'])
      .orderBy('participant.code')
      .executeTakeFirstOrThrow();
    examId = exam.id;
    participantCode = exam.code;
    if (HAS_DCMTK) folder = mixedFolder(dir);
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_DCMTK)(
    'imports a mixed folder with 0 PHI leaks, reports the bad files, and is idempotent',
    async () => {
      const dataDir = join(dir, 'data');
      const summary = await runImport(importSources([folder.root]), {
        db,
        actor,
        dataDir,
        participant: participantCode,
        workers: 2,
      });
      expect(summary.imported).toBe(folder.instances);
      expect(summary.skipped).toBe(0);
      expect(summary.errors.map((e) => e.path.split('/').pop()).sort()).toEqual(folder.badFiles);
      for (const e of summary.errors) expect(e.reason).toMatch(/Not a DICOM|Truncated|Unreadable/);
      const series = summary.studies.flatMap((s) => s.series);
      expect(summary.studies).toHaveLength(1);
      const sodium = series.find((s) => s.seriesDescription === 'na_radial_128')!;
      expect(sodium).toMatchObject({
        modality: 'MR',
        nucleus: '23NA',
        instances: 3,
        rows: 4,
        columns: 4,
        frames: 3,
      });
      expect(series.find((s) => s.frames === 4 && s.instances === 1)).toMatchObject({
        nucleus: '23NA',
        rows: 6,
        columns: 5,
      });
      expect(series.find((s) => s.seriesDescription === 't1_vibe_hands')).toMatchObject({
        nucleus: '1H',
        instances: 7,
      });
      expect(JSON.stringify(summary)).not.toContain(folder.uids[0]);

      const files = storedFiles(dataDir);
      expect(files).toHaveLength(folder.instances);
      let hits: string[] = [];
      for (const f of files)
        hits = hits.concat(phiHits(readFileSync(f), [...folder.identifying, ...folder.uids]));
      expect(hits).toEqual([]);

      const recorded = await listExamSeries(db.kysely, examId);
      expect(recorded.map((s) => s.instances).sort()).toEqual([1, 3, 7]);
      expect(recorded.find((s) => s.nucleus === '23NA' && s.instances === 3)!.acquisition).toMatchObject({
        referenceVoltageV: 245.5,
        repetitionTimeMs: 100,
      });

      const again = await runImport(importSources([folder.root]), {
        db,
        actor,
        dataDir,
        participant: participantCode,
        workers: 0,
      });
      expect(again).toMatchObject({ imported: 0, skipped: folder.instances });
      expect(storedFiles(dataDir)).toHaveLength(folder.instances);

      const audit = await listAudit(db.kysely);
      const report = audit.filter((e) => e.action === 'imaging.import');
      expect(report).toHaveLength(2);
      expect(report[0]!.after).toMatchObject({
        imported: folder.instances,
        errors: 2,
        deidentification: { files: folder.instances },
      });
      const trail = JSON.stringify(audit.filter((e) => e.action.startsWith('imaging.')));
      expect(phiHits(Buffer.from(trail), folder.identifying)).toEqual([]);
    },
  );

  it.skipIf(!HAS_DCMTK)(
    'puts files without a participant in the inbox under a code that hides the patient',
    async () => {
      const dataDir = join(dir, 'inbox-data');
      const other = mixedFolder(join(dir, 'other'), IDENTITY_B);
      const summary = await runImport(importSources([join(other.root, 'T1')]), {
        db,
        actor,
        dataDir,
        workers: 0,
      });
      expect(summary.imported).toBe(7);
      const studies = await db.kysely
        .selectFrom('imaging_study')
        .selectAll()
        .where('exam_id', 'is', null)
        .execute();
      expect(studies).toHaveLength(1);
      expect(studies[0]!.pseudonym).toMatch(/^U-[A-Z2-9]{10}$/);
      const bytes = readFileSync(storedFiles(dataDir)[0]!);
      expect(bytes.includes(Buffer.from(studies[0]!.pseudonym))).toBe(true);
      expect(phiHits(bytes, [...other.identifying, ...other.uids])).toEqual([]);
    },
  );

  it('imports a NIfTI image with its sidecar, without its header text, extensions or sidecar identity', async () => {
    const niftiDir = join(dir, 'nifti', 'Dupont_Jeanne');
    mkdirSync(niftiDir, { recursive: true });
    const volume = Float32Array.from({ length: 4 * 3 * 2 }, (_, i) => i / 2);
    const plain = writeNifti({
      dims: [4, 3, 2],
      affine: IDENTITY,
      data: volume,
      description: 'Dupont Jeanne 1958',
    });
    // An extension that carries a name, as converters that embed DICOM headers do.
    const extension = Buffer.alloc(32);
    extension.writeInt32LE(32, 0);
    extension.writeInt32LE(6, 4);
    extension.write('PatientName=Dupont^Jeanne', 8, 'latin1');
    const withExtension = Buffer.concat([
      plain.subarray(0, 348),
      Buffer.from([1, 0, 0, 0]),
      extension,
      plain.subarray(352),
    ]);
    withExtension.writeFloatLE(352 + 32, 108);
    writeFileSync(join(niftiDir, 'sodium.nii.gz'), gzipSync(withExtension));
    writeFileSync(
      join(niftiDir, 'sodium.json'),
      JSON.stringify({
        PatientName: 'Dupont^Jeanne',
        PatientBirthDate: '19580312',
        SeriesDescription: 'na_radial_recon',
        ImagedNucleus: '23Na',
        RepetitionTime: 0.1,
        EchoTime: 0.0003,
        FlipAngle: 70,
        ReferenceVoltage: 245.5,
      }),
    );
    const dataDir = join(dir, 'nifti-data');
    const summary = await runImport(importSources([join(dir, 'nifti')]), {
      db,
      actor,
      dataDir,
      participant: participantCode,
      workers: 0,
    });
    expect(summary).toMatchObject({ imported: 1, skipped: 0, errors: [] });
    expect(summary.studies[0]!.series[0]).toMatchObject({
      seriesDescription: 'na_radial_recon',
      nucleus: '23NA',
      rows: 3,
      columns: 4,
      frames: 2,
      instances: 1,
    });
    const [stored] = readdirSync(join(dataDir, 'nifti'), { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile(),
    );
    const bytes = gunzipSync(readFileSync(join(stored!.parentPath, stored!.name)));
    expect(phiHits(bytes, ['Dupont', 'Jeanne', '1958'])).toEqual([]);
    expect(Array.from(readNifti(bytes).volume.data)).toEqual(Array.from(volume));
    const series = (await listExamSeries(db.kysely, examId)).find((s) => s.format === 'nifti')!;
    expect(series.acquisition).toMatchObject({
      nucleus: '23NA',
      repetitionTimeMs: 100,
      echoTimeMs: 0.3,
      flipAngleDeg: 70,
      referenceVoltageV: 245.5,
    });
    expect(
      await runImport(importSources([join(dir, 'nifti')]), {
        db,
        actor,
        dataDir,
        participant: participantCode,
        workers: 0,
      }),
    ).toMatchObject({ imported: 0, skipped: 1 });
    const inbox = await runImport(importSources([join(dir, 'nifti')]), { db, actor, dataDir, workers: 0 });
    expect(inbox.errors[0]!.reason).toMatch(/names no patient: import it to a participant or an MRI exam/);
  });

  it('pairs a NIfTI entry of a zip archive (a dropped folder uploaded by the browser) with its sidecar', async () => {
    const volume = Float32Array.from({ length: 5 * 4 * 3 }, (_, i) => 100 + i);
    const archive = join(dir, 'recon-upload.zip');
    writeFileSync(
      archive,
      zipStored([
        { name: 'recon/', bytes: new Uint8Array(0) },
        { name: 'recon/na_map.nii', bytes: writeNifti({ dims: [5, 4, 3], affine: IDENTITY, data: volume }) },
        {
          name: 'recon/na_map.json',
          bytes: Buffer.from(
            JSON.stringify({ SeriesDescription: 'na_map_zip', ImagedNucleus: '23Na', FlipAngle: 90 }),
          ),
        },
      ]),
    );
    // Worker threads (the default), so the sidecar text also crosses to a worker with the entry's bytes.
    const summary = await runImport(importSources([archive]), {
      db,
      actor,
      dataDir: join(dir, 'zip-data'),
      participant: participantCode,
    });
    expect(summary).toMatchObject({ imported: 1, skipped: 0, errors: [] });
    expect(summary.studies.flatMap((s) => s.series)).toEqual([
      expect.objectContaining({
        seriesDescription: 'na_map_zip',
        nucleus: '23NA',
        columns: 5,
        rows: 4,
        frames: 3,
      }),
    ]);
    const series = (await listExamSeries(db.kysely, examId)).find(
      (s) => s.seriesDescription === 'na_map_zip',
    )!;
    expect(series.acquisition).toMatchObject({ nucleus: '23NA', flipAngleDeg: 90 });
  });

  it("assigns the exam's readers round-robin when its images arrive, with the setting on (upload and CLI alike)", async () => {
    const exam = await db.kysely
      .selectFrom('mri_exam')
      .leftJoin('exam_reading', 'exam_reading.exam_id', 'mri_exam.id')
      .select(['mri_exam.id', 'mri_exam.exam_code'])
      .where('mri_exam.acquired_at', 'is not', null)
      .where('exam_reading.exam_id', 'is', null)
      .orderBy('mri_exam.exam_code', 'desc')
      .executeTakeFirstOrThrow();
    const images = join(dir, 'hand-exam');
    const sizes = {
      proton: { columns: 32, rows: 28, slices: 4 },
      sodium: { columns: 8, rows: 8, slices: 4 },
    };
    await writeHandExam(
      { examCode: exam.exam_code, studyDate: '2026-03-01', seed: 3, lesions: [], sizes },
      images,
    );
    const dataDir = join(dir, 'data-auto-assign');
    const importExam = () =>
      runImport(importSources([images]), { db, actor, dataDir, exam: exam.exam_code, workers: 0 });
    await withTransaction(db, (trx) =>
      updateReadingSettings(trx, actor, {
        autoAssign: true,
        adjudicationRule: 'primary_presence',
        version: 0,
      }),
    );
    expect((await importExam()).imported).toBeGreaterThan(0);
    const reads = await listTasks(db.kysely, { examId: exam.id, kind: 'read' });
    expect(reads).toHaveLength(2);
    expect(new Set(reads.map((t) => t.readerId)).size).toBe(2);
    // The same images again add nothing, and the assignment stays as it was.
    expect((await importExam()).imported).toBe(0);
    expect(await listTasks(db.kysely, { examId: exam.id })).toEqual(reads);
  });

  it('refuses an unknown participant or exam before reading any file', async () => {
    await expect(
      runImport(importSources([dir]), { db, actor, dataDir: dir, participant: 'P-9999' }),
    ).rejects.toThrow(/P-9999 not found/);
    await expect(
      runImport(importSources([dir]), { db, actor, dataDir: dir, exam: 'MR-NOPE' }),
    ).rejects.toThrow(/not found/);
  });
});
