/**
 * Browser end-to-end test of the eCRF: the investigator fills in the mRSS of an SSc participant from the keyboard,
 * sees the live total, marks the form complete, signs it and sees the signature, in English and in French.
 * Same set-up as app.e2e.test.ts (./support.ts); the form is rendered from the mrss definition, whose labels the
 * test reads too.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_MEANING_TEXT } from '../../src/core/forms/lifecycle.ts';
import { mrss } from '../../src/core/instruments/definitions/mrss.ts';
import { blockingViolationsOn } from './accessibility.ts';
import { browserTestsEnabled, ensureResultsDir, startE2E, type E2E } from './support.ts';

/** One score per area, in the definition's order (17 areas). */
const SCORES = [1, 2, 0, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1];
const TOTAL = SCORES.reduce((a, b) => a + b, 0);

function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Types one digit per area, moving with Tab: the keyboard path a clinician uses. */
async function typeScores(page: Page, language: 'en' | 'fr', from: number, to: number): Promise<void> {
  await page.getByLabel(mrss.items[from]!.label[language], { exact: true }).focus();
  for (let i = from; i < to; i++) {
    await page.keyboard.press(String(SCORES[i]));
    if (i < to - 1) await page.keyboard.press('Tab');
  }
}

describe.skipIf(!browserTestsEnabled())('eCRF forms in Chromium', () => {
  let e2e: E2E;
  const codes: string[] = [];

  beforeAll(async () => {
    e2e = await startE2E();
    // Fresh SSc participants, so the demo data never decides what the forms hold.
    for (let i = 0; i < 2; i++) {
      const created = await e2e.api(e2e.account('investigator'), 'POST', '/api/participants', {
        arm: 'ssc',
        screeningDate: daysAgo(3),
      });
      expect(created.status).toBe(201);
      codes.push((created.body as { code: string }).code);
    }
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('fills in, completes and signs the mRSS from the keyboard, in English', async () => {
    const investigator = e2e.account('investigator');
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, investigator);
      await page.goto(`${e2e.baseUrl}/participants/${codes[0]}`);
      await page.getByRole('heading', { name: 'Forms', exact: true }).waitFor();
      const row = page.locator('tr[data-instrument="mrss"]');
      await row.getByText('Not started').waitFor();
      await row.getByRole('link', { name: 'Modified Rodnan skin score' }).click();
      await page.waitForURL(`${e2e.baseUrl}/participants/${codes[0]}/forms/V1/mrss`);
      await page.getByRole('heading', { name: 'Modified Rodnan skin score', level: 1 }).waitFor();
      await expect.poll(() => page.title()).toBe(`Modified Rodnan skin score — ${codes[0]} V1 · Manus`);

      // Validation as you type: a digit outside the scale says what is allowed.
      const face = page.getByLabel('Face', { exact: true });
      await face.focus();
      await page.keyboard.press('7');
      await page.getByText('Enter a whole number from 0 to 3.').waitFor();
      // The message and the invalid input, on the focused item's tinted background, stay readable.
      expect(await blockingViolationsOn(page)).toEqual([]);
      await page.keyboard.press('1');
      await expect.poll(() => page.getByText('Enter a whole number from 0 to 3.').count()).toBe(0);

      // Half the areas, then a reload: the draft survives.
      await typeScores(page, 'en', 0, 8);
      await page.reload();
      await page.getByText('Unsaved values from your last visit were restored.').waitFor();
      expect(await page.getByLabel('Forearm, right', { exact: true }).inputValue()).toBe(String(SCORES[7]));

      await typeScores(page, 'en', 8, SCORES.length);
      await expect.poll(() => page.getByTestId('score-preview-total').innerText()).toBe(String(TOTAL));
      await page.getByText('All items answered').waitFor();

      // From the last area, Tab reaches the save buttons: Save draft, then Mark complete.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Mark complete');
      await page.keyboard.press('Enter');
      await page.getByText('Form saved as complete.').waitFor();
      await page.getByRole('heading', { name: 'Stored score' }).waitFor();
      expect(await page.getByTestId('score-stored-total').innerText()).toBe(String(TOTAL));

      // Escape closes the signature dialog; Enter signs.
      await page.getByRole('button', { name: 'Sign…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Sign the form electronically' });
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      await page.getByRole('button', { name: 'Sign…' }).click();
      const password = dialog.getByLabel('Your password');
      await expect.poll(() => password.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await blockingViolationsOn(page)).toEqual([]);
      await page.keyboard.type(investigator.password);
      await dialog.getByRole('radio', { name: SIGNATURE_MEANING_TEXT.approval.en }).check();
      await password.press('Enter');
      await page.getByText('Form signed and locked.').waitFor();

      const block = page.getByTestId('signature-block');
      await block.getByText('Electronically signed').waitFor();
      const signature = await block.innerText();
      expect(signature).toContain(`${investigator.displayName} (${investigator.username})`);
      expect(signature).toContain(SIGNATURE_MEANING_TEXT.approval.en);
      expect(signature).toMatch(/\d{2} \w{3} \d{4}, \d{2}:\d{2} (UTC|GMT)/);
      // Locked: the values are shown, not editable.
      expect(await page.getByRole('textbox', { name: 'Face', exact: true }).count()).toBe(0);
      await page.getByRole('button', { name: 'Save draft' }).waitFor({ state: 'detached' });

      await page.getByRole('link', { name: codes[0]!, exact: true }).first().click();
      await row.getByText('Signed and locked').waitFor();
      expect(await row.innerText()).toContain(String(TOTAL));
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 30_000);

  it('does the same in French, with locale dates and the French signature meaning', async () => {
    const investigator = e2e.account('investigator');
    const { context, page } = await e2e.newPage({ locale: 'fr-FR' });
    try {
      await e2e.logIn(page, investigator);
      await page.goto(`${e2e.baseUrl}/participants/${codes[1]}/forms/V1/mrss`);
      await page.getByRole('heading', { name: 'Score de Rodnan modifié', level: 1 }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');

      await typeScores(page, 'fr', 0, SCORES.length);
      await expect.poll(() => page.getByTestId('score-preview-total').innerText()).toBe(String(TOTAL));
      await page.getByText('Tous les items renseignés').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Marquer complet');
      await page.keyboard.press('Enter');
      await page.getByText('Formulaire enregistré comme complet.').waitFor();

      await page.getByRole('button', { name: 'Signer…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Signer électroniquement le formulaire' });
      const password = dialog.getByLabel('Votre mot de passe');
      await expect.poll(() => password.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type(investigator.password);
      await dialog.getByRole('radio', { name: SIGNATURE_MEANING_TEXT.responsibility.fr }).check();
      await password.press('Enter');
      await page.getByText('Formulaire signé et verrouillé.').waitFor();

      const block = page.getByTestId('signature-block');
      await block.getByText('Signé électroniquement').waitFor();
      const signature = await block.innerText();
      expect(signature).toContain(investigator.displayName);
      expect(signature).toContain(SIGNATURE_MEANING_TEXT.responsibility.fr);
      expect(signature).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await page.getByText('Signé et verrouillé').first().waitFor();
      // Dismiss the confirmation so that the screenshot shows the page itself.
      for (const message of ['Formulaire enregistré comme complet.', 'Formulaire signé et verrouillé.']) {
        const notification = page.locator('.mantine-Notification-root', { hasText: message });
        if (await notification.count()) await notification.getByRole('button').click();
        await notification.waitFor({ state: 'detached' });
      }
      // A viewport as tall as the page, so that the fixed header stays at the top of the picture.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: 1366, height: Math.min(height, 4000) });
      await page.screenshot({ path: resolve(ensureResultsDir(), 'mrss-signed-fr.png') });
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 30_000);
});
