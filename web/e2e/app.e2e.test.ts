/**
 * Browser end-to-end test: the real server (in-process, temporary SQLite, demo data) serving the built web app,
 * driven by the system Chromium through playwright-core.
 *
 * Skips with a notice when /usr/bin/chromium is missing, unless MANUS_REQUIRE_BROWSER=1 (then it fails).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { seedDemo } from '../../src/db/demo/seed.ts';
import { buildApp } from '../../src/server/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const webDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = resolve(webDir, 'dist');
const repoRoot = resolve(webDir, '..');
const resultsDir = resolve(repoRoot, 'test-results');

const browserRequired = process.env.MANUS_REQUIRE_BROWSER === '1';
const browserPresent = existsSync(CHROMIUM);
if (!browserPresent && !browserRequired) {
  process.stderr.write(
    `[web e2e] ${CHROMIUM} not found: skipping the browser end-to-end test. ` +
      'Install it (apt-get install chromium) or set MANUS_REQUIRE_BROWSER=1 to make this a failure.\n',
  );
}

/** Newest modification time of the web sources, to rebuild a stale dist. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

async function ensureWebBuilt(): Promise<void> {
  const index = resolve(distDir, 'index.html');
  const sourcesChanged = () =>
    Math.max(
      newestSource(resolve(webDir, 'src')),
      statSync(resolve(webDir, 'index.html')).mtimeMs,
      statSync(resolve(webDir, 'vite.config.ts')).mtimeMs,
    ) > statSync(index).mtimeMs;
  if (existsSync(index) && !sourcesChanged()) return;
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: resolve(webDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

interface Account {
  username: string;
  password: string;
  role: string;
}

describe.skipIf(!browserPresent && !browserRequired)('web app in Chromium', () => {
  let dataDir = '';
  let db: Database | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let browser: Browser | undefined;
  let baseUrl = '';
  let accounts: readonly Account[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!browserPresent) {
      throw new Error(
        `MANUS_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: install Chromium to run this test.`,
      );
    }
    await ensureWebBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'manus-e2e-'));
    db = await openDatabase({ dataDir });
    accounts = (await seedDemo(db)).accounts;
    app = await buildApp({ db, webRoot: distDir, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function account(role: string): Account {
    const found = accounts.find((a) => a.role === role);
    if (!found) throw new Error(`The demo seed has no ${role} account`);
    return found;
  }

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  }

  async function logIn(page: Page, who: Account): Promise<void> {
    await page.goto(`${baseUrl}/login`);
    await page.getByText('Synthetic demo data — not real patients').waitFor();
    await page.getByRole('textbox', { name: 'Username', exact: true }).fill(who.username);
    const password = page.getByRole('textbox', { name: 'Password', exact: true });
    await password.fill(who.password);
    await password.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  it('lets the investigator find a participant and read it in French', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, account('investigator'));
      await page.getByRole('heading', { name: 'Study dashboard' }).waitFor();
      expect(await page.title()).toBe('Study dashboard · Manus');
      await expect.poll(() => page.getByRole('progressbar').count()).toBeGreaterThanOrEqual(3);

      await page.getByRole('navigation').getByRole('link', { name: 'Participants', exact: true }).click();
      await page.waitForURL(`${baseUrl}/participants`);
      await page.getByTestId('participants-total').getByText('50 participants').waitFor();
      expect(await page.locator('tbody tr').count()).toBe(25);

      await page.getByLabel('Search by code').fill('P-0001');
      await page.getByTestId('participants-total').getByText('1 participant', { exact: true }).waitFor();
      expect(page.url()).toContain('q=P-0001');
      await page.getByRole('link', { name: 'P-0001', exact: true }).click();
      await page.waitForURL(`${baseUrl}/participants/P-0001`);
      await page.getByRole('heading', { name: 'P-0001', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Status history' }).waitFor();
      await page.getByRole('button', { name: 'Show identity' }).waitFor();
      expect(await page.title()).toBe('Participant P-0001 · Manus');

      await page.getByRole('radiogroup', { name: 'Language' }).getByText('FR', { exact: true }).click();
      await page.getByRole('heading', { name: 'Historique des statuts' }).waitFor();
      await page.getByText('Données de démonstration synthétiques — aucun patient réel').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      const text = await page.locator('main').innerText();
      expect(text).toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);

      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: resolve(resultsDir, 'participant-fr.png'), fullPage: true });

      // The choice of language survives a reload.
      await page.reload();
      await page.getByRole('heading', { name: 'Historique des statuts' }).waitFor();
    } finally {
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  }, 45_000);

  it('shows the radiologist a blinded worklist only', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, account('radiologist'));
      await page.waitForURL(`${baseUrl}/worklist`);
      await page.getByRole('heading', { name: 'Reading worklist' }).waitFor();
      await page.getByRole('table').waitFor();
      await page.getByText(/exams? awaiting reading/).waitFor();
      expect(await page.title()).toBe('Reading worklist · Manus');
      const nav = await page.getByRole('navigation').innerText();
      expect(nav).not.toContain('Participants');
      expect(nav).not.toContain('Dashboard');

      const text = await page.locator('body').innerText();
      for (const armLabel of ['Systemic sclerosis', 'Sclérodermie systémique', 'Témoin']) {
        expect(text).not.toContain(armLabel);
      }
      expect(text).not.toMatch(/\bControl\b/);

      // A deep link to clinical data is refused in the page too.
      await page.goto(`${baseUrl}/participants/P-0001`);
      await page.getByRole('heading', { name: 'No access to this page' }).waitFor();
      expect(await page.locator('body').innerText()).not.toContain('Systemic sclerosis');
    } finally {
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  }, 45_000);

  it('lets the investigator register a participant and change its status with the keyboard', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, account('investigator'));
      await page.goto(`${baseUrl}/participants`);
      await page.getByRole('button', { name: 'New participant' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('combobox', { name: 'Arm' }).selectOption('control');
      await dialog.getByLabel('Screening date').press('Enter');
      await page.waitForURL(`${baseUrl}/participants/P-0051`);
      await page.getByRole('heading', { name: 'P-0051', level: 1 }).waitFor();

      await page.getByRole('button', { name: 'Change status' }).click();
      // Eligibility is computed from the screening instruments: with none filled in, the server refuses and says why.
      await dialog.getByRole('combobox', { name: 'New status' }).selectOption('eligible');
      await dialog.getByRole('textbox', { name: 'Reason' }).fill('All inclusion criteria met');
      await dialog.getByLabel('Effective date').press('Enter');
      await dialog.getByText('complete the mri-safety-7t form first', { exact: false }).first().waitFor();
      await dialog.getByRole('combobox', { name: 'New status' }).selectOption('ineligible');
      await dialog.getByRole('textbox', { name: 'Reason' }).fill('Raynaud phenomenon at screening');
      await dialog.getByLabel('Effective date').press('Enter');
      await page.getByText('P-0051 is now Not eligible.').waitFor();
      await expect.poll(() => dialog.count()).toBe(0);
      await page.getByRole('cell', { name: 'Raynaud phenomenon at screening' }).waitFor();

      // Escape closes a form without saving.
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);

      // Back returns to the list, which now counts the new participant.
      await page.goBack();
      await page.getByTestId('participants-total').getByText('51 participants').waitFor();
    } finally {
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  }, 45_000);
});
