import { readFileSync, statSync, utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { IMPORT_WORKER } from './pool.ts';
import { workerScript } from './worker-script.ts';

const source = fileURLToPath(new URL('./worker.ts', import.meta.url));
const manifest = fileURLToPath(
  new URL('../../../node_modules/.cache/manus/import-worker.json', import.meta.url),
);

it('bundles the import worker once, and again only when one of its sources changes', async () => {
  const first = await workerScript(IMPORT_WORKER);
  expect(first.url.pathname).toMatch(/\/node_modules\/\.cache\/manus\/import-worker-[0-9a-f-]+\.mjs$/);
  expect((await workerScript(IMPORT_WORKER)).url.href).toBe(first.url.href);
  const inputs = Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { inputs: object }).inputs);
  expect(inputs).toContain('src/imaging/import/worker.ts');
  expect(inputs).toContain('src/imaging/deid/deidentify.ts');

  const { atime, mtime } = statSync(source);
  try {
    utimesSync(source, atime, new Date(mtime.getTime() + 1000));
    const rebuilt = await workerScript(IMPORT_WORKER);
    expect(rebuilt.url.href).not.toBe(first.url.href);
    expect((await workerScript(IMPORT_WORKER)).url.href).toBe(rebuilt.url.href);
  } finally {
    utimesSync(source, atime, mtime);
  }
});
