import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManusError } from '../../core/errors.ts';
import { emptyReport } from '../deid/report.ts';
import { decodeFrame } from '../dicom/pixels.ts';
import { readDicom } from '../dicom/read.ts';
import type { ImageStore } from '../store/store.ts';
import { describeWithDcmtk, makeDicom, type Encoding } from '../testing/dcmtk.ts';
import { classicMrLines, enhancedMrLines, IDENTITY_A, phantom16 } from '../testing/phantoms.ts';
import { zipStored } from '../testing/zip.ts';
import { processInput } from './process.ts';
import { EXTRACTION_MEMORY, importSources } from './sources.ts';

/** A store that keeps nothing: fuzzing exercises parsing and de-identification, not the disk. */
const keepNothing = async (chunks: readonly Uint8Array[]) => ({
  key: 'x',
  size: chunks.reduce((n, c) => n + c.length, 0),
  created: true,
});
const NULL_STORE: ImageStore = {
  kind: 'filesystem',
  put: keepNothing,
  rewrite: (_key, chunks) => keepNothing(chunks),
  open: async () => Readable.from([]),
  read: async () => Buffer.alloc(0),
  discard: async () => undefined,
};

/** Mulberry32: a seeded generator, so a failing mutation can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(source: Buffer, rnd: () => number): Buffer {
  const out = Buffer.from(source);
  const pick = (n: number) => Math.floor(rnd() * n);
  switch (pick(5)) {
    case 0: // truncate anywhere
      return out.subarray(0, pick(out.length));
    case 1: // flip bytes
      for (let i = 0, n = 1 + pick(8); i < n; i++) out[pick(out.length)] = pick(256);
      return out;
    case 2: {
      // a huge or undefined length where a length field may be
      const at = 132 + pick(Math.max(1, out.length - 136));
      out.writeUInt32LE([0xffffffff, 0x7fffffff, pick(1 << 24), 0][pick(4)]!, at);
      return out;
    }
    case 3: // mutate the header only, where the structure is
      for (let i = 0, n = 1 + pick(4); i < n; i++)
        out[128 + pick(Math.min(out.length - 128, 600))] = pick(256);
      return out;
    default: {
      // splice a chunk of the file into itself
      const from = pick(out.length);
      const to = pick(out.length);
      return Buffer.concat([out.subarray(0, to), out.subarray(from, from + pick(64)), out.subarray(to)]);
    }
  }
}

const MUTATIONS = 3000;
const ZIP_MUTATIONS = 300;
/** Any single file slower than this is treated as a hang. */
const PER_FILE_MS = 2000;

describeWithDcmtk('importer fuzzing', () => {
  let dir: string;
  let seeds: Buffer[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-fuzz-'));
    const encodings: Encoding[] = [
      'explicit',
      'implicit',
      'big',
      'deflate',
      'rle',
      'jpeg-lossless',
      'jpeg-ls',
    ];
    seeds = encodings.map((e, k) =>
      readFileSync(
        makeDicom(
          dir,
          `seed-${e}`,
          classicMrLines({
            identity: IDENTITY_A,
            charset: 'ISO_IR 192',
            k,
            sopUid: `${IDENTITY_A.studyUid}.50.${k}`,
          }),
          phantom16(8, 8, 1, k),
          e,
          'utf8',
        ),
      ),
    );
    seeds.push(
      readFileSync(
        makeDicom(
          dir,
          'seed-enhanced',
          enhancedMrLines({ identity: IDENTITY_A, sopUid: `${IDENTITY_A.studyUid}.51`, frames: 3 }),
          phantom16(8, 8, 3),
          'rle',
          'utf8',
        ),
      ),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`survives ${MUTATIONS} mutated and truncated files: each is imported or rejected with a reason, none crashes or hangs`, async () => {
    const rnd = random(20251129);
    const job = {
      secret: Buffer.from('fuzz'),
      target: { kind: 'participant' as const, code: 'P-0001' },
      keepOriginals: false,
    };
    const report = emptyReport();
    let rejected = 0;
    let slowest = 0;
    const started = performance.now();
    for (let i = 0; i < MUTATIONS; i++) {
      const input = mutate(seeds[i % seeds.length]!, rnd);
      const t = performance.now();
      const outcome = await processInput(
        { name: `fuzz-${i}`, bytes: input },
        job,
        { dicom: NULL_STORE },
        report,
      );
      if (!outcome.ok) {
        rejected += 1;
        expect(outcome.reason.length, `mutation ${i}`).toBeGreaterThan(10);
      } else {
        // What imports must also decode, or fail with a domain error (the viewer and the sodium pipeline read it).
        try {
          await decodeFrame(readDicom(input), 0);
        } catch (error) {
          expect(error, `mutation ${i}: ${String(error)}`).toBeInstanceOf(ManusError);
        }
      }
      slowest = Math.max(slowest, performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `fuzz: ${MUTATIONS} files in ${seconds.toFixed(1)} s, ${rejected} rejected, slowest ${slowest.toFixed(0)} ms\n`,
    );
    expect(slowest).toBeLessThan(PER_FILE_MS);
    expect(rejected).toBeGreaterThan(MUTATIONS / 10);
    // Every file that was stored, and only those, is in the de-identification report.
    expect(report.files).toBe(MUTATIONS - rejected);
  });

  it(`survives ${ZIP_MUTATIONS} mutated zip archives of those files: every entry imported or reported, none crashes or hangs`, async () => {
    const rnd = random(20261206);
    const job = {
      secret: Buffer.from('fuzz'),
      target: { kind: 'participant' as const, code: 'P-0001' },
      keepOriginals: false,
    };
    const archive = zipStored(seeds.slice(0, 3).map((bytes, k) => ({ name: `IMG/IM${k}.dcm`, bytes })));
    const path = join(dir, 'fuzz.zip');
    let items = 0;
    let reported = 0;
    let slowest = 0;
    for (let i = 0; i < ZIP_MUTATIONS; i++) {
      writeFileSync(path, mutate(archive, rnd));
      const t = performance.now();
      for await (const item of importSources([path])) {
        items += 1;
        if ('error' in item) {
          reported += 1;
          expect(item.error.length, `archive ${i}`).toBeGreaterThan(10);
          continue;
        }
        const { release, ...input } = item;
        try {
          await processInput(input, job, { dicom: NULL_STORE }, emptyReport());
        } finally {
          release?.();
        }
      }
      slowest = Math.max(slowest, performance.now() - t);
    }
    process.stderr.write(
      `zip fuzz: ${ZIP_MUTATIONS} archives, ${items} items, ${reported} reported, slowest ${slowest.toFixed(0)} ms\n`,
    );
    expect(slowest).toBeLessThan(PER_FILE_MS);
    expect(reported).toBeGreaterThan(ZIP_MUTATIONS / 10);
    // Every extracted entry gave its memory back.
    expect(EXTRACTION_MEMORY.inUse).toBe(0);
  });
});
