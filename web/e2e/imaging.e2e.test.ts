/**
 * Browser end-to-end test of the exam page: a zip dropped onto an MRI exam and a folder picked with the folder
 * button (DICOM, and a NIfTI map with its JSON sidecar) are uploaded with a progress bar, imported, summarised, and
 * listed as series with their thumbnails.
 *
 * Skips with a notice when Chromium (unless MANUS_REQUIRE_BROWSER=1) or DCMTK (unless MANUS_REQUIRE_DCMTK=1) is
 * missing: the DICOM fixtures are made with DCMTK.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/services/imaging/import.ts';
import { importSources } from '../../src/imaging/import/sources.ts';
import { HAS_DCMTK, makeDicom } from '../../src/imaging/testing/dcmtk.ts';
import { IDENTITY_B } from '../../src/imaging/testing/mixed-folder.ts';
import { classicMrLines, IDENTITY_A, phantom16, type Identity } from '../../src/imaging/testing/phantoms.ts';
import { zipStored } from '../../src/imaging/testing/zip.ts';
import { writeNifti } from '../../src/imaging/nifti/write.ts';
import { IDENTITY } from '../../src/imaging/volume.ts';
import { browserTestsEnabled, ensureResultsDir, startE2E, type E2E } from './support.ts';

if (!HAS_DCMTK) process.stderr.write('[web e2e] DCMTK is not installed: skipping the exam page test.\n');

describe.skipIf(!browserTestsEnabled() || !HAS_DCMTK)('exam page in Chromium', () => {
  let e2e: E2E;
  let dir: string;
  let zip: Buffer;
  let folder: string;
  let inboxFolder: string;
  let slice: (
    k: number,
    group: number,
    options?: { identity?: Identity; series?: string; description?: string; nucleus?: '23NA' },
  ) => Buffer;

  beforeAll(async () => {
    e2e = await startE2E();
    dir = mkdtempSync(join(tmpdir(), 'manus-e2e-imaging-'));
    /** Slice k of a series; `group` keeps the SOP instance UIDs (and file names) of each series apart. */
    slice = (
      k: number,
      group: number,
      options: { identity?: Identity; series?: string; description?: string; nucleus?: '23NA' } = {},
    ) => {
      const identity = options.identity ?? IDENTITY_A;
      return readFileSync(
        makeDicom(
          dir,
          `s${group}-${k}`,
          classicMrLines({
            identity,
            charset: 'ISO_IR 192',
            k,
            sopUid: `${identity.studyUid}.${group}.${k}`,
            seriesUid: options.series,
            seriesDescription: options.description,
            nucleus: options.nucleus,
          }),
          phantom16(6, 5, 1, k),
          'explicit',
          'utf8',
        ),
      );
    };
    zip = zipStored([
      ...[0, 1, 2].map((k) => ({ name: `T1/IM${k}.dcm`, bytes: slice(k, 50) })),
      { name: 'README.txt', bytes: Buffer.from('not an image') },
    ]);
    // Another patient's study, imported without a participant: it waits in the inbox.
    inboxFolder = join(dir, 'inbox');
    mkdirSync(inboxFolder);
    writeFileSync(join(inboxFolder, 'IM0.dcm'), slice(0, 70, { identity: IDENTITY_B }));
    folder = join(dir, 'Na');
    mkdirSync(join(folder, 'radial'), { recursive: true });
    for (const k of [0, 1])
      writeFileSync(
        join(folder, 'radial', `na-${k}.dcm`),
        slice(k, 60, { series: `${IDENTITY_A.seriesUid}.23`, description: 'na_radial_128', nucleus: '23NA' }),
      );
    // A concentration map reconstructed off the scanner, with its JSON sidecar beside it.
    mkdirSync(join(folder, 'recon'));
    writeFileSync(
      join(folder, 'recon', 'na_map.nii'),
      writeNifti({ dims: [4, 3, 2], affine: IDENTITY, data: Float32Array.from({ length: 24 }, (_, i) => i) }),
    );
    writeFileSync(
      join(folder, 'recon', 'na_map.json'),
      JSON.stringify({ SeriesDescription: 'na_map_recon', ImagedNucleus: '23Na' }),
    );
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a dropped zip and a picked folder, then lists the series with thumbnails', async () => {
    const physicist = e2e.account('physicist');
    let code = '';
    for (let n = 1; n <= 50 && !code; n++) {
      const candidate = `P-${String(n).padStart(4, '0')}`;
      const detail = (await e2e.api(physicist, 'GET', `/api/participants/${candidate}`)).body as {
        exams: unknown[];
      };
      if (detail.exams.length === 1) code = candidate;
    }
    expect(code).not.toBe('');

    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, physicist);
      await page.goto(`${e2e.baseUrl}/participants/${code}`);
      await page.getByRole('link', { name: /^MR-/ }).click();
      await page.waitForURL(new RegExp(`/participants/${code}/exams/[0-9a-f-]{36}$`));
      // The participant's heading can linger for a frame after the URL changes: wait for the exam's own.
      const heading = page.getByRole('heading', { level: 1, name: /^MR-/ });
      await heading.waitFor();
      const examCode = await heading.innerText();
      await expect.poll(() => page.title()).toBe(`MRI exam ${examCode} · Manus`);
      await page.getByText("No image yet: drop the exam's folder or zip archive below").waitFor();

      // A drop as the browser makes it: a DataTransfer holding the zip.
      const transfer = await page.evaluateHandle((base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], 'exam.zip', { type: 'application/zip' }));
        return data;
      }, zip.toString('base64'));
      // The server's answer is held back a moment, so the progress bar can be seen while the import runs.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/exams/*/images', async (route) => {
        await held;
        await route.continue();
      });
      await page.getByTestId('image-dropzone').dispatchEvent('drop', { dataTransfer: transfer });
      await page.getByRole('progressbar', { name: 'Import progress' }).waitFor({ state: 'attached' });
      release();
      await page.unrouteAll({ behavior: 'wait' });
      const summary = page.getByTestId('import-summary');
      await summary.getByText('Imported: 3. Already stored: 0. Not imported: 1.').waitFor();
      await summary.getByText(/README\.txt/).waitFor();

      const rows = page.getByTestId('series-row');
      await expect.poll(() => rows.count()).toBe(1);
      const t1 = rows.filter({ hasText: 't1_vibe_hands' });
      expect(await t1.innerText()).toMatch(/1H\s+6 × 5 × 3\s+3\s+DICOM/);
      const thumbnail = t1.getByRole('img', { name: 'Middle image of t1_vibe_hands' });
      await expect.poll(() => thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(5);

      // A folder, zipped in the browser with its sub-folder paths; the NIfTI map comes with its sidecar.
      await page.getByTestId('image-folder-input').setInputFiles(folder);
      await summary.getByText('Imported: 3. Already stored: 0. Not imported: 0.').waitFor();
      await expect.poll(() => rows.count()).toBe(3);
      expect(await rows.filter({ hasText: 'na_map_recon' }).innerText()).toMatch(
        /23Na\s+3 × 4 × 2\s+1\s+NIfTI/,
      );
      const sodium = rows.filter({ hasText: 'na_radial_128' });
      expect(await sodium.innerText()).toMatch(/23Na\s+6 × 5 × 2\s+2\s+DICOM/);
      await expect
        .poll(() =>
          sodium
            .getByRole('img', { name: 'Middle image of na_radial_128' })
            .evaluate((img) => (img as HTMLImageElement).naturalHeight),
        )
        .toBe(6);
      await page.screenshot({ path: resolve(ensureResultsDir(), 'exam-images.png'), fullPage: true });
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 60_000);

  it('assigns a study of the image inbox to an exam', async () => {
    const summary = await runImport(importSources([inboxFolder]), {
      db: e2e.db,
      actor: { userId: null, username: 'cli:e2e', role: 'system', requestId: 'e2e-inbox' },
      dataDir: e2e.dataDir,
      workers: 0,
    });
    expect(summary.imported).toBe(1);
    const investigator = e2e.account('investigator');
    const detail = (await e2e.api(investigator, 'GET', '/api/participants/P-0002')).body as {
      exams: { id: string; examCode: string }[];
    };
    const exam = detail.exams[0]!;
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, investigator);
      await page.getByRole('navigation').getByRole('link', { name: 'Image inbox' }).click();
      await page.getByRole('heading', { name: 'Image inbox', level: 1 }).waitFor();
      const row = page.getByTestId('inbox-row');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.innerText()).toMatch(/U-[A-Z2-9]{10}[\s\S]*t1_vibe_hands · 1H · 6 × 5 × 1/);
      await row.getByRole('button', { name: /^Assign U-/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Participant code' }).fill('p-0002');
      await dialog.getByRole('combobox', { name: 'MRI exam' }).selectOption(exam.id);
      await page.screenshot({ path: resolve(ensureResultsDir(), 'image-inbox.png'), fullPage: true });
      await dialog.getByRole('button', { name: 'Assign to an exam' }).click();
      await page.getByText(`Study assigned to exam ${exam.examCode} of P-0002.`).waitFor();
      await page.getByText('The inbox is empty.', { exact: false }).waitFor();

      await page.goto(`${e2e.baseUrl}/participants/P-0002/exams/${exam.id}`);
      await page.getByTestId('series-row').filter({ hasText: 't1_vibe_hands' }).waitFor();
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 60_000);

  it('lists kept originals for the administrator, and audits a download', async () => {
    const original = slice(0, 80, { identity: IDENTITY_B });
    const kept = join(dir, 'kept');
    mkdirSync(kept);
    writeFileSync(join(kept, 'IM0.dcm'), original);
    await runImport(importSources([kept]), {
      db: e2e.db,
      actor: { userId: null, username: 'cli:e2e', role: 'system', requestId: 'e2e-originals' },
      dataDir: e2e.dataDir,
      keepOriginals: true,
      workers: 0,
    });
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, e2e.account('admin'));
      await page.getByRole('navigation').getByRole('link', { name: 'Original images' }).click();
      await page.getByRole('heading', { name: 'Original images (quarantine)', level: 1 }).waitFor();
      await page.getByText('1 original kept').waitFor();
      const row = page.getByTestId('original-row');
      // The study of this patient was assigned to P-0002 above: its new instance joins it there.
      expect(await row.innerText()).toMatch(/DICOM\s+MR-\w+\s+P-0002\s+t1_vibe_hands/);
      await page.screenshot({ path: resolve(ensureResultsDir(), 'original-images.png'), fullPage: true });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('link', { name: 'Download' }).click(),
      ]);
      expect(readFileSync((await download.path())!).equals(original)).toBe(true);
      const reads = await e2e.db.kysely
        .selectFrom('audit_event')
        .select('username')
        .where('action', '=', 'imaging.original.read')
        .execute();
      expect(reads).toEqual([{ username: 'admin' }]);
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 60_000);
});
