/**
 * Browser end-to-end test of the Exports page: a statistician exports the demo as tidy CSV and downloads the zip;
 * the monitor alone sees the identified switch; the page has no serious accessibility violation.
 *
 * Skips with a notice when /usr/bin/chromium is missing, unless MANUS_REQUIRE_BROWSER=1 (then it fails).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingViolationsOn } from './accessibility.ts';
import { browserTestsEnabled, startE2E, type E2E } from './support.ts';

describe.skipIf(!browserTestsEnabled())('Exports page in Chromium', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('lets a statistician export the de-identified demo as tidy CSV and download it', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await e2e.logIn(page, e2e.account('statistician'));
      await page.getByRole('navigation').getByRole('link', { name: 'Exports', exact: true }).click();
      await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
      await expect.poll(() => page.title()).toBe('Exports · Manus');
      expect(await page.getByRole('switch').count()).toBe(0);
      expect(await blockingViolationsOn(page)).toEqual([]);

      const csv = page.getByRole('region', { name: 'Tidy CSV for R and SPSS' });
      await csv.getByRole('button', { name: 'Export', exact: true }).click();
      const link = csv.getByRole('link', { name: 'Download (zip)' });
      await link.waitFor({ timeout: 60_000 });
      await csv.getByText('50 participants', { exact: false }).waitFor();
      const download = await page.request.get(new URL((await link.getAttribute('href'))!, e2e.baseUrl).href);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toBe('application/zip');
      const zip = await download.body();
      expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
      expect(zip.includes(Buffer.from('forms/mrss.csv'))).toBe(true);
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 120_000);

  it('offers the identified export to the monitor only, in French too', async () => {
    const { context, page } = await e2e.newPage({ locale: 'fr-FR' });
    try {
      await e2e.logIn(page, e2e.account('monitor'));
      await page.goto(`${e2e.baseUrl}/exports`);
      await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
      await page.getByRole('switch', { name: 'Export identifiant (dates réelles et identités)' }).waitFor();
      expect(await blockingViolationsOn(page)).toEqual([]);
    } finally {
      await context.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  }, 60_000);
});
