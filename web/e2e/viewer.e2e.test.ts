/**
 * Browser end-to-end test of the image viewer on the exam page, reading Manus's own DICOMweb: the image renders
 * (grey levels on the canvas), the keyboard and the wheel scroll, the 23Na series follows the 1H one, a length drawn
 * with the mouse is reported in patient coordinates, a probe shows the modality value of the voxel under it, and both
 * come back when the viewer is closed and opened again.
 *
 * Skips with a notice when Chromium (unless MANUS_REQUIRE_BROWSER=1) or DCMTK (unless MANUS_REQUIRE_DCMTK=1) is
 * missing: the DICOM fixtures are made with DCMTK.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/services/imaging/import.ts';
import { importSources } from '../../src/imaging/import/sources.ts';
import { HAS_DCMTK, makeDicom } from '../../src/imaging/testing/dcmtk.ts';
import {
  classicMrLines,
  COL_DIR,
  IDENTITY_A,
  PIXEL_SPACING,
  phantom16,
  ROW_DIR,
  slicePosition,
  sliceValue,
} from '../../src/imaging/testing/phantoms.ts';
import { browserTestsEnabled, ensureResultsDir, startE2E, type E2E } from './support.ts';

if (!HAS_DCMTK) process.stderr.write('[web e2e] DCMTK is not installed: skipping the image viewer test.\n');

const [ROWS, COLUMNS] = [48, 64];
const PROTON_SLICES = 8;
const SODIUM_SLICES = 4;

type Point = [number, number, number];

/** The points of each measurement row, parsed from the table's "(x; y; z) → (x; y; z)" text. */
async function measurementPoints(page: Page): Promise<Point[][]> {
  const texts = await page.getByTestId('measurement-points').allInnerTexts();
  return texts.map((text) =>
    [...text.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.split(';').map((v) => Number(v.trim())) as Point),
  );
}

/**
 * The modality values (stored × 0.5 − 100, as classicMrLines rescales) a probe at `point` on slice k may show: the
 * voxel whose centre is nearest, or both neighbours along an axis when the point, as printed to 0.01 mm, lies
 * too close to the border between them to tell.
 */
function probedValues(point: Point, k: number): number[] {
  const origin = slicePosition(k);
  const offset = point.map((v, axis) => v - origin[axis]!);
  const along = (direction: readonly number[], spacing: number): number[] => {
    const index = offset.reduce((sum, v, axis) => sum + v * direction[axis]!, 0) / spacing;
    const nearest = Math.round(index);
    return Math.abs(index - nearest) > 0.4 ? [Math.floor(index), Math.ceil(index)] : [nearest];
  };
  const columns = along(ROW_DIR, PIXEL_SPACING[1]);
  const rows = along(COL_DIR, PIXEL_SPACING[0]);
  return columns.flatMap((i) => rows.map((j) => sliceValue(i, j, k) * 0.5 - 100));
}

describe.skipIf(!browserTestsEnabled() || !HAS_DCMTK)('image viewer in Chromium', () => {
  let e2e: E2E;
  let dir: string;
  let examUrl: string;

  beforeAll(async () => {
    e2e = await startE2E();
    dir = mkdtempSync(join(tmpdir(), 'manus-e2e-viewer-'));
    const physicist = e2e.account('physicist');
    let exam: { id: string } | undefined;
    let code = '';
    for (let n = 1; n <= 50 && !exam; n++) {
      code = `P-${String(n).padStart(4, '0')}`;
      const detail = (await e2e.api(physicist, 'GET', `/api/participants/${code}`)).body as {
        exams: { id: string }[];
      };
      exam = detail.exams[0];
    }
    if (!exam) throw new Error('The demo has no MRI exam');
    examUrl = `/participants/${code}/exams/${exam.id}`;
    const files: string[] = [];
    // Written in reverse order: the viewer must sort by position along the normal, not by file or number.
    for (let k = PROTON_SLICES - 1; k >= 0; k--)
      files.push(
        makeDicom(
          dir,
          `h${k}`,
          classicMrLines({
            identity: IDENTITY_A,
            charset: 'ISO_IR 192',
            k,
            sopUid: `${IDENTITY_A.studyUid}.1.${k}`,
          }),
          phantom16(ROWS, COLUMNS, 1, k),
          'explicit',
          'utf8',
        ),
      );
    for (let k = 0; k < SODIUM_SLICES; k++)
      files.push(
        makeDicom(
          dir,
          `na${k}`,
          classicMrLines({
            identity: IDENTITY_A,
            charset: 'ISO_IR 192',
            k,
            sopUid: `${IDENTITY_A.studyUid}.2.${k}`,
            seriesUid: `${IDENTITY_A.seriesUid}.23`,
            seriesDescription: 'na_radial',
            nucleus: '23NA',
          }),
          phantom16(ROWS, COLUMNS, 1, k),
          'explicit',
          'utf8',
        ),
      );
    const summary = await runImport(importSources(files), {
      db: e2e.db,
      actor: { userId: null, username: 'cli:e2e', role: 'system', requestId: 'e2e-viewer' },
      dataDir: e2e.dataDir,
      exam: exam.id,
      workers: 0,
    });
    expect(summary).toMatchObject({ imported: PROTON_SLICES + SODIUM_SLICES, errors: [] });
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders, scrolls, synchronises 23Na, measures in patient coordinates and restores', async () => {
    const { context, page } = await e2e.newPage();
    context.setDefaultTimeout(20_000);
    try {
      await e2e.logIn(page, e2e.account('physicist'));
      await page.goto(`${e2e.baseUrl}${examUrl}`);
      const main = page.getByTestId('viewport-main');
      const second = page.getByTestId('viewport-second');
      const index = async (viewport = main) => Number(await viewport.getAttribute('data-image-index'));
      // The middle image renders (the attribute is set on IMAGE_RENDERED).
      await expect.poll(() => main.getAttribute('data-image-index'), { timeout: 20_000 }).toBe('4');
      await expect.poll(() => second.getAttribute('data-image-index'), { timeout: 20_000 }).not.toBe('');
      await page.getByTestId('sync-note').getByText('Scrolling synchronised').waitFor();

      // Not blank: the viewport's 2D canvas holds many grey levels.
      const levels = await main
        .locator('canvas')
        .first()
        .evaluate((canvas) => {
          const c = canvas as HTMLCanvasElement;
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          const seen = new Set<number>();
          for (let i = 0; i < data.length; i += 4) seen.add(data[i]!);
          return seen.size;
        });
      expect(levels).toBeGreaterThan(32);

      // Scroll: the keyboard, then the wheel; the 23Na viewport follows to its nearest slice (3, at 37.5 mm).
      const viewer = page.getByTestId('image-viewer');
      await viewer.focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => index()).toBe(5);
      await expect.poll(() => index(second)).toBe(3);
      await page.keyboard.press('Home');
      await expect.poll(() => index()).toBe(0);
      const box = (await main.boundingBox())!;
      const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.move(cx, cy);
      await page.mouse.wheel(0, 120);
      await expect.poll(() => index()).toBe(1);
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => index()).toBe(PROTON_SLICES - 3);
      const k = PROTON_SLICES - 3;
      const z = slicePosition(k)[2];

      const rows = page.getByTestId('measurement-row');

      // A length drawn with the mouse: two points on the slice plane, in mm.
      await page.getByText('Length (L)').click();
      await page.mouse.move(cx - 80, cy - 20);
      await page.mouse.down();
      await page.mouse.move(cx, cy, { steps: 5 });
      await page.mouse.move(cx + 80, cy + 30, { steps: 5 });
      await page.mouse.up();
      await expect.poll(() => rows.count()).toBe(1);
      const length = rows.filter({ hasText: 'Length' });
      await expect.poll(() => length.getByTestId('measurement-value').innerText()).toMatch(/^[\d.,]+ mm$/);
      // The length reported is the distance between the two points (its stats follow the last edit).
      const lengthGap = async () => {
        const [[p, q]] = (await measurementPoints(page)) as [[Point, Point]];
        const shown = Number(
          (await length.getByTestId('measurement-value').innerText()).replace(/[^\d.]/g, ''),
        );
        return Math.abs(shown - Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
      };
      await expect.poll(lengthGap).toBeLessThan(0.01);
      const [[a, b]] = (await measurementPoints(page)) as [[Point, Point]];
      for (const p of [a, b]) expect(p[2]).toBeCloseTo(z, 1);

      // A probe: one point on the slice plane, showing the rescaled value of the voxel it falls on.
      await page.getByText('Probe (P)').click();
      // Well away from the length, whose line and handles would take the click.
      await page.mouse.click(cx - 40, cy + 40);
      await expect.poll(() => rows.count()).toBe(2);
      const probe = rows.filter({ hasText: 'Probe' });
      await expect.poll(() => probe.getByTestId('measurement-value').innerText()).toMatch(/^-?[\d,.]+$/);
      const [, [probed]] = (await measurementPoints(page)) as [Point[], [Point]];
      expect(probed[2]).toBeCloseTo(z, 1);
      const value = Number((await probe.getByTestId('measurement-value').innerText()).replace(/,/g, ''));
      expect(probedValues(probed, k)).toContain(value);
      await page.screenshot({ path: resolve(ensureResultsDir(), 'viewer-measured.png'), fullPage: true });

      // Closed and opened again: the measurements come back and are drawn on their slice.
      await page.getByRole('button', { name: 'Hide the images' }).click();
      await main.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Show the images' }).click();
      await expect.poll(() => main.getAttribute('data-image-index'), { timeout: 20_000 }).toBe('4');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await measurementPoints(page)).toEqual([[a, b], [probed]]);
      await viewer.focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => index()).toBe(k);
      await expect.poll(() => main.locator('svg [data-annotation-uid]').count()).toBe(2);
      await page.screenshot({ path: resolve(ensureResultsDir(), 'viewer-restored.png'), fullPage: true });
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 120_000);
});
