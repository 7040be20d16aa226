import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleAnalysisResult } from '../../core/report/testing.ts';
import { primaryRowKey } from '../../core/report/tables.ts';
import { REPORT_TEXT } from '../../core/report/text.ts';
import { CHROMIUM } from './chromium.ts';
import { renderReportHtml } from './html.ts';
import { renderPdf } from './pdf.ts';

const result = sampleAnalysisResult();
const has = (tool: string) => spawnSync(tool, ['-v'], { encoding: 'utf8' }).error === undefined;
const HAS_XMLLINT = has('xmllint');
const required = process.env.MANUS_REQUIRE_BROWSER === '1';
const CAN_PRINT = (existsSync(CHROMIUM) && has('pdftotext')) || required;
if (!CAN_PRINT) process.stderr.write('[report] Chromium or pdftotext missing: skipping the PDF test.\n');

/** The headings every report has, in its language. */
const HEADINGS = [
  'title',
  'provenance',
  'baseline',
  'primary',
  'secondary',
  'readingQuality',
  'exclusions',
] as const;

describe('the HTML outcome report', () => {
  for (const lang of ['en', 'fr'] as const) {
    const html = renderReportHtml(result, lang);

    it.skipIf(!HAS_XMLLINT)(`is well-formed (${lang})`, () => {
      const lint = spawnSync('xmllint', ['--noout', '-'], { input: html, encoding: 'utf8' });
      expect(lint.stderr).toBe('');
      expect(lint.status).toBe(0);
    });

    it(`holds each primary row once, the headings and the charts, and fetches nothing (${lang})`, () => {
      for (const row of result.primary) {
        const key = `data-key="${primaryRowKey(row)}"`;
        expect(html.split(key).length - 1, key).toBe(1);
      }
      for (const heading of HEADINGS) expect(html).toContain(REPORT_TEXT[heading][lang]);
      expect(html).toContain(`lang="${lang}"`);
      // Heat maps (two arms, and tenosynovitis in both views), Leyden/Chang, sodium, reading times, legends.
      expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(12 + 3 + 5);
      expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    });
  }

  it('says when an outcome has no data rather than drawing an empty table', () => {
    const empty = { ...result, secondary: { ...result.secondary, correlations: [] } };
    expect(renderReportHtml(empty, 'en')).toContain('<p class="empty" id="table-correlations">');
  });
});

describe.skipIf(!CAN_PRINT)('the PDF outcome report', () => {
  it('prints A4 pages whose text holds the headings, in English and in French', async () => {
    for (const lang of ['en', 'fr'] as const) {
      const pdf = await renderPdf(renderReportHtml(result, lang), { footer: REPORT_TEXT.footer[lang] });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).stdout;
      for (const heading of HEADINGS)
        expect(text, `${lang}: ${heading}`).toContain(REPORT_TEXT[heading][lang]);
      expect(text).toContain(lang === 'en' ? 'Page 2 of' : 'Page 2 sur');
      const info = spawnSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' }).stdout;
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(5);
      expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    }
  }, 90_000);
});
