/**
 * Browser end-to-end test of the blinded reading (issue 11): a data manager assigns an exam with images to two
 * readers and an adjudicator; reader 1 opens it from the worklist, scores joints from the hand diagram with the
 * keyboard, uses "all normal" and signs; reader 2 disagrees on one primary item and signs; the adjudicator settles
 * it; the final reading appears for the data manager. Key screens again in French. Screenshots in test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHandExam } from '../../src/imaging/demo/hand-exam.ts';
import { runImport } from '../../src/services/imaging/import.ts';
import { importSources } from '../../src/imaging/import/sources.ts';
import { browserTestsEnabled, ensureResultsDir, startE2E, type Account, type E2E } from './support.ts';

/** The demo's third radiologist, the adjudicator of this test's exam. */
const ADJUDICATOR: Account = {
  username: 'radiologist3',
  password: 'radiologist3-demo-7T',
  role: 'radiologist',
  displayName: 'Dr Demo Reader Three',
};

interface ExamRow {
  id: string;
  examCode: string;
  acquiredAt: string | null;
}

describe.skipIf(!browserTestsEnabled())('reading workstation in Chromium', () => {
  let e2e: E2E;
  let exam: ExamRow;
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: resolve(ensureResultsDir(), `reading-${name}.png`), fullPage: true });

  beforeAll(async () => {
    e2e = await startE2E();
    // An acquired exam of the demo, given a small synthetic hand exam through the import service.
    const participant = (await e2e.api(e2e.account('investigator'), 'GET', '/api/participants/P-0001'))
      .body as { exams: ExamRow[] };
    exam = participant.exams.find((e) => e.acquiredAt)!;
    const folder = mkdtempSync(join(tmpdir(), 'manus-e2e-reading-'));
    try {
      const files = generateHandExam({
        examCode: exam.examCode,
        studyDate: exam.acquiredAt!.slice(0, 10),
        seed: 11,
        lesions: [{ site: 'R.MCP2', item: 'synovitis', grade: 2 }],
        sizes: {
          proton: { columns: 64, rows: 56, slices: 8 },
          sodium: { columns: 16, rows: 14, slices: 4 },
        },
      });
      for (const file of files) {
        const path = join(folder, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, Buffer.concat(file.chunks));
      }
      const summary = await runImport(importSources([folder]), {
        db: e2e.db,
        actor: { userId: null, username: 'cli:e2e', role: 'system', requestId: 'e2e-reading' },
        dataDir: e2e.dataDir,
        participant: 'P-0001',
        exam: exam.id,
        workers: 0,
      });
      expect(summary.imported).toBeGreaterThan(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  /** Opens the exam's task from the worklist. */
  async function openTask(page: Page, who: Account) {
    await e2e.logIn(page, who);
    await page.waitForURL(`${e2e.baseUrl}/reading`);
    await page.getByRole('link', { name: exam.examCode, exact: true }).click();
    await page.getByRole('heading', { name: exam.examCode, level: 1 }).waitFor();
  }

  /** The viewer shows the task's images, read through the task's DICOMweb: the canvas holds many grey levels. */
  async function expectImageRendered(page: Page) {
    const main = page.getByTestId('viewport-main');
    await expect.poll(() => main.getAttribute('data-image-index'), { timeout: 20_000 }).not.toBe('');
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
  }

  /** A length drawn with the mouse is saved to the task (and restored when the task reopens, checked below). */
  async function drawLength(page: Page) {
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/measurements') && r.request().method() === 'POST',
    );
    await page.getByText('Length (L)').click();
    const box = (await page.getByTestId('viewport-main').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx - 60, cy - 20);
    await page.mouse.down();
    await page.mouse.move(cx, cy, { steps: 5 });
    await page.mouse.move(cx + 60, cy + 20, { steps: 5 });
    await page.mouse.up();
    expect((await saved).status()).toBe(201);
  }

  /**
   * A submitted read's viewer, in French: marked read-only, no measuring tool to pick, and a drag from the saved
   * length's first handle (where reader 1 drew it, on this same middle image) changes the window, not the length.
   */
  async function expectReadOnlyViewer(page: Page) {
    await page.getByTestId('viewer-read-only').getByText('Lecture seule').waitFor();
    for (const tool of ['Longueur (L)', 'Ellipse (E)', 'Sonde (P)'])
      expect(await page.getByRole('radio', { name: tool }).isDisabled()).toBe(true);
    const main = page.getByTestId('viewport-main');
    const lines = () =>
      main
        .locator('svg line')
        .evaluateAll((all) =>
          all.map((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => l.getAttribute(a)).join(' ')),
        );
    await expect.poll(async () => (await lines()).length).toBeGreaterThan(0);
    const drawn = await lines();
    const overlay = page.getByTestId('viewport-main-overlay');
    const window = await overlay.innerText();
    await page.getByTestId('image-viewer').focus();
    await page.keyboard.press('l');
    const box = (await main.boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx - 60, cy - 20);
    await page.mouse.down();
    await page.mouse.move(cx + 40, cy + 60, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => overlay.innerText()).not.toBe(window);
    expect(await lines()).toEqual(drawn);
    expect(await page.getByTestId('measurement-row').count()).toBe(1);
  }

  /** Fills what "all normal" leaves (image quality per series) from the completeness panel, by keyboard. */
  async function completeFromPanel(page: Page) {
    const completeness = page.getByTestId('completeness');
    for (let guard = 0; guard < 10; guard += 1) {
      if ((await completeness.innerText()).startsWith('Complete')) return;
      await page.getByRole('region', { name: 'Completeness' }).getByRole('button').first().click();
      await page.keyboard.press('0');
    }
    throw new Error(`still incomplete: ${await completeness.innerText()}`);
  }

  async function signAndSubmit(page: Page, who: Account, button: string) {
    await page.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Your password' }).fill(who.password);
    await dialog.getByRole('button', { name: 'Sign and submit' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** One reader's read: the joint scored from the diagram with the keyboard, the rest "all normal". */
  async function read(who: Account, synovitisMcp2: string, name: string) {
    const { context, page } = await e2e.newPage();
    // The autosave sends what changed (PATCH), never the whole form.
    const draftSaves: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/draft')) draftSaves.push(request.method());
    });
    try {
      await openTask(page, who);
      if (name === 'reader1') {
        await expectImageRendered(page);
        await drawLength(page);
      }
      const diagram = page.getByRole('group', { name: /^Hand diagram/ });
      await diagram.getByRole('button', { name: 'Right MCP 2 joint' }).click();
      const field = page.getByRole('radiogroup', { name: 'Synovitis, Right MCP 2 joint' });
      await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press(synovitisMcp2);
      await page.keyboard.press('Tab');
      await page.keyboard.press('0');
      await page.keyboard.press('j');
      const next = page.getByRole('radiogroup', { name: 'Synovitis, Right MCP 3 joint' });
      await expect.poll(() => next.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('0');
      expect(await field.getByRole('radio', { checked: true }).innerText()).toBe(synovitisMcp2);
      await page.getByRole('button', { name: 'All normal, right hand' }).click();
      await page.getByRole('button', { name: 'All normal, left hand' }).click();
      await completeFromPanel(page);
      await page
        .getByTestId('save-state')
        .filter({ hasText: /^Saved / })
        .waitFor();
      await shot(page, `${name}-complete`);
      expect(draftSaves.length).toBeGreaterThan(0);
      expect(new Set(draftSaves)).toEqual(new Set(['PATCH']));
      await signAndSubmit(page, who, 'Submit…');
      await page.getByText('This read is submitted and locked.', { exact: false }).waitFor();
      expect(
        await page
          .getByRole('radiogroup', { name: 'Synovitis, Right MCP 2 joint' })
          .getAttribute('aria-readonly'),
      ).toBe('true');
    } finally {
      await context.close();
    }
  }

  it('runs the two reads, the adjudication and the final reading', async () => {
    const manager = e2e.account('data_manager');
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, manager);
      await page.goto(`${e2e.baseUrl}/reading`);
      await page.getByRole('button', { name: `Assign readers to ${exam.examCode}` }).click();
      const dialog = page.getByRole('dialog');
      for (const [label, who] of [
        ['Reader 1', 'radiologist'],
        ['Reader 2', 'radiologist2'],
        ['Adjudicator', 'radiologist3'],
      ] as const) {
        await dialog.getByLabel(new RegExp(`^${label}`)).click();
        await page.getByRole('option', { name: new RegExp(`\\(${who}\\)$`) }).click();
      }
      await shot(page, 'assign');
      await dialog.getByRole('button', { name: 'Assign' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() =>
          page.locator(`[data-exam="${exam.examCode}"] [data-testid=exam-reading-status]`).innerText(),
        )
        .toBe('Awaiting reads');
    } finally {
      await context.close();
    }

    await read(e2e.account('radiologist'), '2', 'reader1');
    await read(
      e2e.accounts.find((a) => a.username === 'radiologist2')!,
      '0',
      'reader2',
    );

    const adjudication = await e2e.newPage();
    try {
      const adjudicator = adjudication.page;
      await openTask(adjudicator, ADJUDICATOR);
      const row = adjudicator.locator('[data-field="synovitis@R.MCP2"]');
      await row.waitFor();
      expect(await adjudicator.locator('[data-field]').count()).toBe(1);
      expect(await adjudicator.content()).not.toMatch(/radiologist2|Reader Two|Reader One|P-0001/);
      // Labels A and B follow the random task ids, not the order the readers were named: pick reader 1's value, 2.
      await row.getByRole('button', { name: /use Reader [AB]'s value, 2$/ }).click();
      await shot(adjudicator, 'adjudication');
      await signAndSubmit(adjudicator, ADJUDICATOR, 'Submit the consensus…');
      await adjudicator.getByText('The consensus is submitted').waitFor();
    } finally {
      await adjudication.context.close();
    }

    const final = await e2e.newPage();
    try {
      await e2e.logIn(final.page, manager);
      await final.page.goto(`${e2e.baseUrl}/reading`);
      const status = final.page.locator(`[data-exam="${exam.examCode}"] [data-testid=exam-reading-status]`);
      await expect.poll(() => status.innerText()).toBe('Final');
      await shot(final.page, 'final');
    } finally {
      await final.context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 240_000);

  it('shows the worklist, the submitted read and the overview in French', async () => {
    const reader = await e2e.newPage({ locale: 'fr-FR' });
    try {
      await openTask(reader.page, e2e.account('radiologist'));
      await reader.page.getByText('Cette lecture est soumise et verrouillée.', { exact: false }).waitFor();
      // The length reader 1 drew is restored from Manus.
      await expect
        .poll(() => reader.page.getByTestId('measurement-row').count(), { timeout: 20_000 })
        .toBe(1);
      await expectReadOnlyViewer(reader.page);
      await reader.page.getByRole('heading', { name: 'Articulations, main droite' }).waitFor();
      await shot(reader.page, 'fr-read');
    } finally {
      await reader.context.close();
    }
    const manager = await e2e.newPage({ locale: 'fr-FR' });
    try {
      await e2e.logIn(manager.page, e2e.account('data_manager'));
      await manager.page.goto(`${e2e.baseUrl}/reading`);
      const status = manager.page.locator(`[data-exam="${exam.examCode}"] [data-testid=exam-reading-status]`);
      await expect.poll(() => status.innerText()).toBe('Définitif');
      await shot(manager.page, 'fr-overview');
      await manager.page.getByRole('link', { name: 'Concordance inter-lecteurs' }).click();
      await manager.page.getByRole('heading', { name: 'Concordance inter-lecteurs', level: 1 }).waitFor();
      await shot(manager.page, 'fr-agreement');
    } finally {
      await manager.context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 120_000);
});
