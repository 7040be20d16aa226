/**
 * The system Chromium that prints reports to PDF (and that the browser tests drive): Debian's build, launched
 * through playwright-core without a sandbox, GPU, or any background network traffic.
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
