/**
 * Browser end-to-end test: the real server (in-process, temporary SQLite, demo data) serving the built web app,
 * driven by the system Chromium through playwright-core (set-up in ./support.ts).
 *
 * Skips with a notice when /usr/bin/chromium is missing, unless MANUS_REQUIRE_BROWSER=1 (then it fails).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingViolationsOn } from './accessibility.ts';
import { browserTestsEnabled, ensureResultsDir, startE2E, type Account, type E2E } from './support.ts';

describe.skipIf(!browserTestsEnabled())('web app in Chromium', () => {
  let e2e: E2E;
  let baseUrl = '';
  let pageErrors: string[] = [];

  beforeAll(async () => {
    e2e = await startE2E();
    baseUrl = e2e.baseUrl;
    pageErrors = e2e.pageErrors;
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
  });

  const account = (role: string): Account => e2e.account(role);
  const newPage = () => e2e.newPage();
  const logIn = (page: Parameters<E2E['logIn']>[0], who: Account) => e2e.logIn(page, who);

  it('lets the investigator find a participant and read it in French', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, account('investigator'));
      await page.getByText('Synthetic demo data — not real patients').waitFor();
      await page.getByRole('heading', { name: 'Study dashboard' }).waitFor();
      await expect.poll(() => page.title()).toBe('Study dashboard · Manus');
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
      await expect.poll(() => page.title()).toBe('Participant P-0001 · Manus');

      await page.getByRole('radiogroup', { name: 'Language' }).getByText('FR', { exact: true }).click();
      await page.getByRole('heading', { name: 'Historique des statuts' }).waitFor();
      await page.getByText('Données de démonstration synthétiques — aucun patient réel').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      const text = await page.locator('main').innerText();
      expect(text).toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);

      await page.screenshot({ path: resolve(ensureResultsDir(), 'participant-fr.png'), fullPage: true });

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
      await page.waitForURL(`${baseUrl}/reading`);
      await page.getByRole('heading', { name: 'Reading worklist' }).waitFor();
      await page.getByRole('table').waitFor();
      await page.getByText(/exams? awaiting reading/).waitFor();
      await expect.poll(() => page.title()).toBe('Reading worklist · Manus');
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
      // The refusal, shown in the dialog, is as accessible as the rest of the page.
      expect(await blockingViolationsOn(page)).toEqual([]);
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
