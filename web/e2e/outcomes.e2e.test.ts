/**
 * Browser test of the outcomes page on the demo study: a statistician opens it from the navigation, filters and
 * sorts the primary table, sees the heat maps and the report links, and reads it in French; radiologists have no
 * entry to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingViolationsOn } from './accessibility.ts';
import { browserTestsEnabled, startE2E, type E2E } from './support.ts';

describe.skipIf(!browserTestsEnabled())('outcomes page in Chromium', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('shows the primary table, filtered and sorted, the heat maps and the report downloads, in English and French', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, e2e.account('statistician'));
      await page.getByRole('navigation').getByRole('link', { name: 'Outcomes', exact: true }).click();
      await page.waitForURL(`${e2e.baseUrl}/outcomes`);
      await page.getByRole('heading', { name: 'Outcomes', level: 1 }).waitFor();
      await expect.poll(() => page.title()).toBe('Outcomes · Manus');

      // The five `any` rows, one per abnormality.
      const primary = page.locator('table[data-table="primary"] tbody tr');
      await expect.poll(() => primary.count(), { timeout: 30_000 }).toBe(5);
      expect(await primary.first().getAttribute('data-key')).toBe('erosion:any');

      const filters = page.getByRole('region', { name: 'Primary outcome' });
      await filters.getByLabel('Abnormality', { exact: true }).click();
      await page.getByRole('option', { name: 'Synovitis', exact: true }).click();
      await filters.getByRole('radiogroup', { name: 'Site level' }).getByText('Per hand').click();
      await filters.getByLabel('Site', { exact: true }).fill('MCP2');
      await expect
        .poll(async () =>
          (await primary.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).sort(),
        )
        .toEqual(['synovitis:L.MCP2', 'synovitis:R.MCP2']);

      const pHeader = page.locator('table[data-table="primary"] thead th').nth(7);
      expect(await pHeader.innerText()).toBe('p');
      await pHeader.getByRole('button').click();
      await expect.poll(() => pHeader.getAttribute('aria-sort')).toBe('ascending');

      // Heat maps: the hand diagram per arm, sites coloured by frequency.
      await expect
        .poll(() => page.locator('[data-structure="R.bone.lunate"]').count())
        .toBeGreaterThanOrEqual(2);
      expect(await page.getByRole('link', { name: 'Download report (PDF)' }).getAttribute('href')).toBe(
        '/api/analysis/report?format=pdf&lang=en',
      );
      expect(await blockingViolationsOn(page)).toEqual([]);

      await page.getByRole('radiogroup', { name: 'Language' }).getByText('FR', { exact: true }).click();
      await page.getByRole('heading', { name: 'Critères de jugement', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Tableau 1. Caractéristiques initiales' }).waitFor();
      expect(
        await page.getByRole('link', { name: 'Télécharger le rapport (HTML)' }).getAttribute('href'),
      ).toBe('/api/analysis/report?format=html&lang=fr');
      expect(e2e.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('has no entry for radiologists', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, e2e.account('radiologist'));
      await page.getByRole('navigation').getByRole('link').first().waitFor();
      expect(await page.getByRole('navigation').getByRole('link', { name: 'Outcomes' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 30_000);
});
