/**
 * First image of a 200-slice series on screen, from opening the exam page (target ≤ 1.5 s), in Chromium against
 * the real server (in-process, temporary SQLite, demo data, the built web app). The series is one enhanced
 * multi-frame file of 200 frames of 128×128 (the case whose frames used to cost a whole-file parse each).
 * The time is taken on the page's own clock when the viewer marks its first rendered image (not when the script
 * notices it, which adds its polling and a round trip to the browser). With it, where the time went in the median
 * run: when the viewer's chunk, the series metadata and the first frame were requested and arrived.
 * Reference, measured in the same page and run: fetching the series metadata and the first frame with plain fetch.
 * Median of 5 of each; prints both and their ratio. Needs DCMTK and /usr/bin/chromium.
 * Run: npm run bench:viewer
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../src/services/imaging/import.ts';
import { importSources } from '../src/imaging/import/sources.ts';
import { enhancedMrLines, IDENTITY_A, sliceValue } from '../src/imaging/testing/phantoms.ts';
import { startE2E } from '../web/e2e/support.ts';

const FRAMES = 200;
const RUNS = 5;
const SIZE = 128;

/**
 * The enhanced file, written by DCMTK's dump2dcm from the tests' header lines (the tests' own helper imports
 * vitest, which a plain script cannot).
 */
function enhancedFile(dir: string, sopUid: string): string {
  const pixels = Buffer.alloc(SIZE * SIZE * FRAMES * 2);
  for (let f = 0, o = 0; f < FRAMES; f++)
    for (let j = 0; j < SIZE; j++)
      for (let i = 0; i < SIZE; i++, o += 2) pixels.writeUInt16LE(sliceValue(i, j, f), o);
  const raw = join(dir, 'enhanced.raw');
  writeFileSync(raw, pixels);
  const lines = [
    ...enhancedMrLines({ identity: IDENTITY_A, sopUid, frames: FRAMES }),
    '(0028,0002) US 1',
    '(0028,0004) CS [MONOCHROME2]',
    `(0028,0008) IS [${FRAMES}]`,
    `(0028,0010) US ${SIZE}`,
    `(0028,0011) US ${SIZE}`,
    '(0028,0100) US 16',
    '(0028,0101) US 12',
    '(0028,0102) US 11',
    '(0028,0103) US 0',
    `(7fe0,0010) OW =${raw}`,
  ];
  const dump = join(dir, 'enhanced.dump');
  writeFileSync(dump, `${lines.join('\n')}\n`, 'utf8');
  const out = join(dir, 'enhanced.dcm');
  const result = spawnSync('dump2dcm', ['-q', '+te', dump, out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dump2dcm failed (is DCMTK installed?): ${result.stderr}`);
  return out;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Page source run before the app's own: marks the moment the main viewport first shows an image (the viewer sets
 * data-image-index on IMAGE_RENDERED). Source text, as the DOM types are not in this Node project's.
 */
const MARK_FIRST_IMAGE = `new MutationObserver((records, observer) => {
  if (!records.some((r) => r.target.dataset.testid === 'viewport-main' && r.target.dataset.imageIndex)) return;
  performance.mark('first-image');
  observer.disconnect();
}).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-image-index'] });`;

/** Request start and response end, ms from the navigation's start, of the first resource whose URL matches. */
type Span = [number, number] | null;
const SPANS_SOURCE = `(() => {
  const resources = performance.getEntriesByType('resource');
  const span = (pattern) => {
    const r = resources.find((e) => new RegExp(pattern).test(e.name));
    return r ? [Math.round(r.startTime), Math.round(r.responseEnd)] : null;
  };
  return {
    firstImage: Math.round(performance.getEntriesByName('first-image')[0].startTime),
    viewerChunk: span('/assets/ImageViewer-[^/]*[.]js$'),
    seriesMetadata: span('/metadata$'),
    firstFrame: span('/frames/[0-9]+$'),
  };
})()`;

interface Run {
  firstImage: number;
  viewerChunk: Span;
  seriesMetadata: Span;
  firstFrame: Span;
}

const dir = mkdtempSync(join(tmpdir(), 'manus-bench-viewer-'));
const e2e = await startE2E();
try {
  const physicist = e2e.account('physicist');
  const detail = (await e2e.api(physicist, 'GET', '/api/participants/P-0001')).body as {
    exams: { id: string }[];
  };
  const exam = detail.exams[0];
  if (!exam) throw new Error('P-0001 has no MRI exam in the demo');
  const sopUid = `${IDENTITY_A.studyUid}.60.1`;
  const file = enhancedFile(dir, sopUid);
  await runImport(importSources([file]), {
    db: e2e.db,
    actor: { userId: null, username: 'cli:bench', role: 'system', requestId: 'bench-viewer' },
    dataDir: e2e.dataDir,
    exam: exam.id,
    workers: 0,
  });
  const series = (await e2e.api(physicist, 'GET', `/api/exams/${exam.id}/series`)).body as {
    items: { studyInstanceUid: string; seriesInstanceUid: string }[];
  };
  const { studyInstanceUid: study, seriesInstanceUid: seriesUid } = series.items[0]!;
  const examUrl = `${e2e.baseUrl}/participants/P-0001/exams/${exam.id}`;

  const viewer: Run[] = [];
  const reference: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A fresh context each run: nothing cached by the browser, as when a reader first opens the exam.
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, physicist);
      await page.addInitScript(MARK_FIRST_IMAGE);
      await page.goto(examUrl);
      await page
        .getByTestId('viewport-main')
        .and(page.locator('[data-image-index]:not([data-image-index=""])'))
        .waitFor({ timeout: 30_000 });
      // From the navigation's start to the first image shown, on the page's own clock.
      viewer.push((await page.evaluate(SPANS_SOURCE)) as Run);
      // Written as page source: the browser's fetch options (cache) are not in this Node project's types.
      const base = `/api/dicomweb/studies/${study}/series/${seriesUid}`;
      reference.push(
        Number(
          await page.evaluate(`(async () => {
            const start = performance.now();
            await (await fetch('${base}/metadata', { cache: 'no-store' })).json();
            await (await fetch('${base}/instances/${sopUid}/frames/1', { cache: 'no-store' })).arrayBuffer();
            return performance.now() - start;
          })()`),
        ),
      );
    } finally {
      await context.close();
    }
  }
  const [v, r] = [median(viewer.map((run) => run.firstImage)), median(reference)];
  const medianRun = viewer.find((run) => run.firstImage === v);
  process.stdout.write(
    `${JSON.stringify(
      {
        series: `1 enhanced MR file, ${FRAMES} frames of 128×128`,
        runs: RUNS,
        firstImageMs: Math.round(v),
        firstImageRunsMs: viewer.map((run) => run.firstImage),
        medianRunMs: medianRun,
        referenceFetchMs: Math.round(r),
        ratio: Number((v / r).toFixed(1)),
        targetMs: 1500,
        withinTarget: v <= 1500,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await e2e.close();
  rmSync(dir, { recursive: true, force: true });
}
