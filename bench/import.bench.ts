/**
 * Import throughput against `cp -r` on the same files, measured in the same run. Generates a synthetic 7 T hand
 * exam (default 1,000 classic MR files of 512×384 16-bit, about 380 MB, with invented identities), then:
 *   1. warms the page cache by reading every file, so neither side pays for the first read;
 *   2. copies the folder with `cp -r`;
 *   3. imports it in a child process that runs what `manus import` runs and reports its own peak RSS (worker
 *      threads included).
 * Prints the throughput ratio (cp time / import time, target ≥ 0.5), the whole command's time (start-up and
 * migrations included) and Manus's peak RSS (target < 300 MB).
 * Run: npx tsx bench/import.bench.ts [files]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/connection.ts';
import { seedDemo } from '../src/db/demo/seed.ts';
import { bytesElement, type Dataset } from '../src/imaging/dicom/dataset.ts';
import { T, tag } from '../src/imaging/dicom/tag.ts';
import { EXPLICIT_LITTLE } from '../src/imaging/dicom/transfer-syntax.ts';
import { writeDicom } from '../src/imaging/dicom/write.ts';

const files = Number(process.argv[2] ?? 1000);
const ROWS = 384;
const COLUMNS = 512;
const SERIES = 8;

const root = process.env.MANUS_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'manus-bench-import-'));
const exam = join(root, 'Dupont_Jeanne_exam');

function text(ds: Dataset, t: number, vr: string, value: string): void {
  ds.set(
    t,
    bytesElement(
      t,
      vr,
      Buffer.from(value.length % 2 ? `${value}${vr === 'UI' ? '\0' : ' '}` : value, 'latin1'),
    ),
  );
}
function us(ds: Dataset, t: number, value: number): void {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  ds.set(t, bytesElement(t, 'US', b));
}

/** One synthetic slice: a realistic header with identity to remove, and 393 KB of pixels. */
function slice(index: number): Uint8Array[] {
  const series = index % SERIES;
  const k = Math.floor(index / SERIES);
  const sop = `1.2.826.0.1.3680043.99.9.${series}.${k}`;
  const ds: Dataset = new Map();
  text(ds, T.SpecificCharacterSet, 'CS', 'ISO_IR 100');
  text(ds, T.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.4');
  text(ds, T.SOPInstanceUID, 'UI', sop);
  text(ds, T.StudyDate, 'DA', '20250314');
  text(ds, T.StudyTime, 'TM', '101502');
  text(ds, T.Modality, 'CS', 'MR');
  text(ds, T.InstitutionName, 'LO', 'CHU Imaginaire');
  text(ds, T.ReferringPhysicianName, 'PN', 'Docteur^Fictif');
  text(ds, T.SeriesDescription, 'LO', `series_${series}`);
  text(ds, T.PatientName, 'PN', 'Dupont^Jeanne');
  text(ds, T.PatientID, 'LO', 'IPP-BENCH-0001');
  text(ds, T.PatientBirthDate, 'DA', '19600101');
  text(ds, T.PatientSex, 'CS', 'F');
  text(ds, T.ImagedNucleus, 'SH', series === 7 ? '23NA' : '1H');
  text(ds, T.StudyInstanceUID, 'UI', '1.2.826.0.1.3680043.99.9.1');
  text(ds, T.SeriesInstanceUID, 'UI', `1.2.826.0.1.3680043.99.9.1.${series}`);
  text(ds, T.SeriesNumber, 'IS', String(series + 1));
  text(ds, T.InstanceNumber, 'IS', String(k + 1));
  text(ds, T.ImagePositionPatient, 'DS', `0\\0\\${k * 0.5}`);
  text(ds, T.ImageOrientationPatient, 'DS', '1\\0\\0\\0\\1\\0');
  text(ds, T.FrameOfReferenceUID, 'UI', '1.2.826.0.1.3680043.99.9.2');
  text(ds, T.PixelSpacing, 'DS', '0.25\\0.25');
  text(ds, T.PhotometricInterpretation, 'CS', 'MONOCHROME2');
  us(ds, T.SamplesPerPixel, 1);
  us(ds, T.Rows, ROWS);
  us(ds, T.Columns, COLUMNS);
  us(ds, T.BitsAllocated, 16);
  us(ds, T.BitsStored, 12);
  us(ds, T.HighBit, 11);
  us(ds, T.PixelRepresentation, 0);
  ds.set(tag(0x0029, 0x0010), bytesElement(tag(0x0029, 0x0010), 'LO', Buffer.from('SIEMENS CSA HEADER')));
  ds.set(tag(0x0029, 0x1010), bytesElement(tag(0x0029, 0x1010), 'OB', Buffer.alloc(8000, 0x41)));
  const pixels = Buffer.allocUnsafe(ROWS * COLUMNS * 2);
  for (let i = 0; i < ROWS * COLUMNS; i++) pixels.writeUInt16LE((i * 7 + index * 13) & 0xfff, 2 * i);
  ds.set(T.PixelData, bytesElement(T.PixelData, 'OW', pixels));
  const meta: Dataset = new Map();
  meta.set(
    T.FileMetaInformationVersion,
    bytesElement(T.FileMetaInformationVersion, 'OB', Uint8Array.of(0, 1)),
  );
  text(meta, T.MediaStorageSOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.4');
  text(meta, T.MediaStorageSOPInstanceUID, 'UI', sop);
  text(meta, T.TransferSyntaxUID, 'UI', EXPLICIT_LITTLE);
  return writeDicom(meta, ds);
}

function timed(command: string, args: string[]): { ms: number; stdout: string } {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

if (process.argv[2] === '--child') {
  // Child mode: what `manus import` does, timed from before the first file (worker start-up included) to the
  // recorded summary; process start-up and migrations are reported apart, as they do not grow with the exam.
  const [examDir, dataDir] = process.argv.slice(3) as [string, string];
  const { runImport } = await import('../src/services/imaging/import.ts');
  const { importSources } = await import('../src/imaging/import/sources.ts');
  const { skipOptimisingCompilerForShortImport } = await import('../src/imaging/import/compilation.ts');
  const { countSources } = await import('../src/imaging/import/sources.ts');
  const db = await openDatabase({ dataDir });
  // As `manus import` does, counting the files for its progress bar.
  skipOptimisingCompilerForShortImport(await countSources([examDir]));
  const cpu = process.cpuUsage();
  const start = performance.now();
  const summary = await runImport(importSources([examDir]), {
    db,
    actor: { userId: null, username: 'bench', role: 'system', requestId: 'bench' },
    dataDir,
    participant: 'P-0001',
  });
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  await db.close();
  process.stdout.write(
    `${JSON.stringify({ ms, userMs: user / 1000, systemMs: system / 1000, imported: summary.imported, errors: summary.errors.length, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
} else {
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const dir = join(exam, `series_${i % SERIES}`);
    if (i < SERIES) mkdirSync(dir, { recursive: true });
    const data = Buffer.concat(slice(i));
    bytes += data.length;
    writeFileSync(join(dir, `IM${String(i).padStart(5, '0')}.dcm`), data);
  }
  const dataDir = join(root, 'data');
  const db = await openDatabase({ dataDir });
  await seedDemo(db);
  await db.close();
  for (const d of readdirSync(exam))
    for (const f of readdirSync(join(exam, d))) readFileSync(join(exam, d, f));

  // Disk speed on a shared machine drifts: alternate cp and import for a few rounds and keep the medians.
  // Dirty pages left by one step would slow the next one down, so each measurement starts after a sync.
  // Nothing is deleted until the end: for a minute or more after files are deleted, ext4 skips their inodes when
  // it allocates new ones (`recently_deleted`), which made file creation up to 50 times slower for whichever step
  // came next and turned the ratio into a measure of the previous round's clean-up.
  // On a virtual machine, page-cache pages the host has not backed yet cost a host fault each on first write, which
  // made the same cp take 0.15 s or 1 s depending on which step had used up the backed memory before it. Each step
  // therefore starts after a throwaway process has touched and freed 1.5 GB, so that both write into backed memory
  // and the comparison is of processor work, as on a physical machine.
  const settle = (): void => {
    spawnSync(process.execPath, ['-e', 'Buffer.alloc(1.5e9, 1)']);
    spawnSync('sync');
  };
  const rounds = Number(process.env.MANUS_BENCH_ROUNDS ?? 3);
  const cpRuns: number[] = [];
  const cpDurableRuns: number[] = [];
  const importRuns: {
    ms: number;
    userMs: number;
    systemMs: number;
    commandMs: number;
    imported: number;
    errors: number;
    maxRssKb: number;
  }[] = [];
  const bin = resolve(import.meta.dirname, 'import.bench.ts');
  for (let round = 0; round < rounds; round++) {
    settle();
    cpRuns.push(timed('cp', ['-r', exam, join(root, `copy${round}`)]).ms);
    settle();
    // Both cp and the import leave the files they write in the page cache for the kernel to write back (the
    // import's database commits are synced, its image files are not); cp followed by sync is timed for reference.
    cpDurableRuns.push(timed('sh', ['-c', `cp -r '${exam}' '${join(root, `durable${round}`)}' && sync`]).ms);
    const roundData = join(root, `data${round}`);
    cpSync(dataDir, roundData, { recursive: true });
    settle();
    const startCommand = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', bin, '--child', exam, roundData], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', ORTHANC_URL: '' },
    });
    const commandMs = performance.now() - startCommand;
    if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
    importRuns.push({
      ...(JSON.parse(child.stdout) as Omit<(typeof importRuns)[number], 'commandMs'>),
      commandMs,
    });
  }
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const cpMs = median(cpRuns);
  const cpDurableMs = median(cpDurableRuns);
  const manusMs = median(importRuns.map((r) => r.ms));
  const commandMs = median(importRuns.map((r) => r.commandMs));
  const summary = {
    imported: Math.min(...importRuns.map((r) => r.imported)),
    errors: Math.max(...importRuns.map((r) => r.errors)),
  };
  const rssMb = Math.max(...importRuns.map((r) => r.maxRssKb)) / 1024;
  rmSync(root, { recursive: true, force: true });
  const mbps = (ms: number) => +(bytes / 1e6 / (ms / 1000)).toFixed(1);
  process.stdout.write(
    `${JSON.stringify(
      {
        files,
        megabytes: +(bytes / 1e6).toFixed(1),
        imported: summary.imported,
        errors: summary.errors,
        rounds,
        // Every round, so that a median hiding a disturbed round shows.
        eachRoundSeconds: {
          cp: cpRuns.map((ms) => +(ms / 1000).toFixed(2)),
          manus: importRuns.map((r) => +(r.ms / 1000).toFixed(2)),
        },
        cpSeconds: +(cpMs / 1000).toFixed(2),
        cpThenSyncSeconds: +(cpDurableMs / 1000).toFixed(2),
        manusSeconds: +(manusMs / 1000).toFixed(2),
        manusCommandSeconds: +(commandMs / 1000).toFixed(2),
        // Processor time of the import (all threads): above its wall time when the workers run in parallel.
        manusCpuSeconds: {
          user: +(median(importRuns.map((r) => r.userMs)) / 1000).toFixed(2),
          system: +(median(importRuns.map((r) => r.systemMs)) / 1000).toFixed(2),
        },
        cpMBps: mbps(cpMs),
        manusMBps: mbps(manusMs),
        throughputRatio: +(cpMs / manusMs).toFixed(2),
        throughputRatioDurable: +(cpDurableMs / manusMs).toFixed(2),
        peakRssMB: +rssMb.toFixed(0),
        targets: { throughputRatio: '>= 0.5', peakRssMB: '< 300' },
      },
      null,
      2,
    )}\n`,
  );
}
