import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { StoreConfig } from '../store/store.ts';

/**
 * Runs a suite on every image store: the filesystem always, Orthanc when ORTHANC_TEST_URL points at a throwaway
 * Orthanc (CI starts one). MANUS_REQUIRE_ORTHANC=1 turns a missing Orthanc into a failure instead of a skip.
 */
const orthancUrl = process.env.ORTHANC_TEST_URL;

if (!orthancUrl && process.env.MANUS_REQUIRE_ORTHANC === '1') {
  throw new Error(
    'MANUS_REQUIRE_ORTHANC=1 but ORTHANC_TEST_URL is not set: the Orthanc store suites cannot run',
  );
}

export interface TestStore {
  name: 'filesystem' | 'orthanc';
  /** A store configuration over a fresh data folder; cleanup() removes the folder. */
  open(): { config: StoreConfig; dataDir: string; cleanup(): void };
}

const fresh = (kind: TestStore['name']) => () => {
  const dataDir = mkdtempSync(join(tmpdir(), `manus-store-${kind}-`));
  const config: StoreConfig = kind === 'orthanc' ? { kind, url: orthancUrl!, dataDir } : { kind, dataDir };
  return { config, dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
};

export const TEST_STORES: readonly TestStore[] = [
  { name: 'filesystem', open: fresh('filesystem') },
  ...(orthancUrl ? [{ name: 'orthanc' as const, open: fresh('orthanc') }] : []),
];

export function describeEachStore(name: string, suite: (store: TestStore) => void): void {
  if (!orthancUrl)
    process.stderr.write('NOTICE: ORTHANC_TEST_URL is not set; the Orthanc store suites are skipped.\n');
  for (const store of TEST_STORES) describe(`${name} [${store.name}]`, () => suite(store));
}
