import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROOT_DIR, ROOT_URL } from '../../root.ts';

/**
 * The script import workers run. Registering tsx in every worker costs each one a loader thread and its own
 * TypeScript transforms (about 20 MB and 150 ms per worker), so the worker is bundled into plain JavaScript with
 * esbuild, next to node_modules so that its packages resolve. The bundle is kept and reused while none of the
 * sources it was built from has changed (a stat of each, about a millisecond), so only the first import after a
 * change pays for bundling (about 100 ms with esbuild's start-up). When bundling is not possible (esbuild missing,
 * read-only install) the tsx entry point is used instead.
 */
export interface WorkerScript {
  url: URL;
}

const CACHE = new URL('node_modules/.cache/manus/', ROOT_URL);
/** Located from the root, not from this module: the compiled CLI holds this module but not the worker's sources. */
const SOURCES = new URL('src/imaging/import/', ROOT_URL);
const MANIFEST = new URL('import-worker.json', CACHE);
const TSX_ENTRY: WorkerScript = { url: new URL('worker-entry.mjs', SOURCES) };

/** The bundle and, for each source it was built from (relative to the repository root), its size and mtime. */
interface Manifest {
  bundle: string;
  inputs: Record<string, string>;
}

const fingerprint = (relative: string): string => {
  const s = statSync(`${ROOT_DIR}${relative}`);
  return `${s.size}:${s.mtimeMs}`;
};

function cachedBundle(): URL | undefined {
  try {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    for (const [path, print] of Object.entries(manifest.inputs)) if (fingerprint(path) !== print) return;
    const url = new URL(manifest.bundle, CACHE);
    statSync(url);
    return url;
  } catch {
    return undefined;
  }
}

export async function workerScript(): Promise<WorkerScript> {
  const cached = cachedBundle();
  if (cached) return { url: cached };
  try {
    const { build } = await import('esbuild');
    mkdirSync(CACHE, { recursive: true });
    const bundle = `import-worker-${randomUUID()}.mjs`;
    const url = new URL(bundle, CACHE);
    const result = await build({
      absWorkingDir: ROOT_DIR,
      entryPoints: [fileURLToPath(new URL('worker.ts', SOURCES))],
      outfile: fileURLToPath(url),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((p) => [p, fingerprint(p)]));
    // Written aside and renamed, so a concurrent import reads either the old manifest or the new one, whole.
    const part = new URL(`import-worker-${randomUUID()}.json.part`, CACHE);
    writeFileSync(part, JSON.stringify({ bundle, inputs } satisfies Manifest));
    renameSync(part, MANIFEST);
    removeStaleBundles(bundle);
    return { url };
  } catch {
    return TSX_ENTRY;
  }
}

/** Bundles replaced over an hour ago: no import still starting its workers can be about to load them. */
function removeStaleBundles(current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(CACHE)) {
    if (name === current || !name.startsWith('import-worker-')) continue;
    const url = new URL(name, CACHE);
    if (statSync(url).mtimeMs < hourAgo) rmSync(url, { force: true });
  }
}
