import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The script import workers run. Registering tsx in every worker costs each one a loader thread and its own
 * TypeScript transforms (about 20 MB and 150 ms per worker), so the worker is bundled once per import into plain
 * JavaScript with esbuild (about 30 ms), next to node_modules so that its packages resolve. When bundling is not
 * possible (esbuild missing, read-only install) the tsx entry point is used instead.
 */
export interface WorkerScript {
  url: URL;
  dispose(): void;
}

const CACHE = new URL('../../../node_modules/.cache/manus/', import.meta.url);
const TSX_ENTRY: WorkerScript = {
  url: new URL('./worker-entry.mjs', import.meta.url),
  dispose: () => undefined,
};

export async function workerScript(): Promise<WorkerScript> {
  try {
    const { build } = await import('esbuild');
    mkdirSync(CACHE, { recursive: true });
    const url = new URL(`import-worker-${randomUUID()}.mjs`, CACHE);
    await build({
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
      outfile: fileURLToPath(url),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    return { url, dispose: () => rmSync(url, { force: true }) };
  } catch {
    return TSX_ENTRY;
  }
}
