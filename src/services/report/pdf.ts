/**
 * Prints a self-contained HTML report to an A4 PDF with Chromium (playwright-core). Chromium runs in its own
 * process and playwright talks to it asynchronously, so a request waiting for its PDF does not hold up the server;
 * PDFs are printed one at a time, as each print starts a browser and the machine may have few cores.
 */
import type { Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

export interface PdfOptions {
  /** The page footer's words around the page numbers: `Page {n} of {total}` becomes e.g. "Page 2 of 9". */
  footer: string;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs prints one after another; a failed print does not stop the next. */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** Chromium's footer template: its `pageNumber` and `totalPages` classes are filled in on each page. */
export function footerTemplate(footer: string): string {
  const words = escapeHtml(footer)
    .replace('{n}', '<span class="pageNumber"></span>')
    .replace('{total}', '<span class="totalPages"></span>');
  return `<div style="font-size:8px;width:100%;text-align:center;color:#555;">${words}</div>`;
}

export async function renderPdf(html: string, options: PdfOptions): Promise<Buffer> {
  return oneAtATime(async () => {
    const { chromium } = await import('playwright-core');
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
      const page = await browser.newPage();
      // The report is self-contained: nothing may be fetched while it is printed.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<div></div>',
        footerTemplate: footerTemplate(options.footer),
        margin: { top: '15mm', bottom: '18mm', left: '14mm', right: '14mm' },
      });
    } finally {
      await browser?.close();
    }
  });
}
