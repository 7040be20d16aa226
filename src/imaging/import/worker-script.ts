import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROOT_DIR, ROOT_URL } from '../../root.ts';

/**
 * The script a worker thread runs (import workers, statistics workers). Registering tsx in every worker costs each
 * one a loader thread and its own TypeScript transforms (about 20 MB and 150 ms per worker), so the worker is
 * bundled into plain JavaScript with esbuild, next to node_modules so that its packages resolve. The bundle is kept
 * and reused while none of the sources it was built from has changed (a stat of each, about a millisecond), so only
 * the first start after a change pays for bundling (about 100 ms with esbuild's start-up). When bundling is not
 * possible (esbuild missing, read-only install) the worker's tsx entry point is used instead.
 */
export interface WorkerScript {
  url: URL;
}

/**
 * A worker to bundle: its name (of the cached files), its TypeScript entry, and the tsx entry that loads it. Both are
 * located from the package root (`ROOT_URL`), not from the caller's module: the compiled CLI holds the caller but not
 * the worker's sources.
 */
export interface WorkerSource {
  name: string;
  entry: URL;
  tsxEntry: URL;
}

const CACHE = new URL('node_modules/.cache/manus/', ROOT_URL);

/** The bundle and, for each source it was built from (relative to the repository root), its size and mtime. */
interface Manifest {
  bundle: string;
  inputs: Record<string, string>;
}

const fingerprint = (relative: string): string => {
  const s = statSync(`${ROOT_DIR}${relative}`);
  return `${s.size}:${s.mtimeMs}`;
};

const manifestOf = (source: WorkerSource): URL => new URL(`${source.name}.json`, CACHE);

function cachedBundle(source: WorkerSource): URL | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestOf(source), 'utf8')) as Manifest;
    for (const [path, print] of Object.entries(manifest.inputs)) if (fingerprint(path) !== print) return;
    const url = new URL(manifest.bundle, CACHE);
    statSync(url);
    return url;
  } catch {
    return undefined;
  }
}

export async function workerScript(source: WorkerSource): Promise<WorkerScript> {
  const cached = cachedBundle(source);
  if (cached) return { url: cached };
  try {
    const { build } = await import('esbuild');
    mkdirSync(CACHE, { recursive: true });
    const bundle = `${source.name}-${randomUUID()}.mjs`;
    const url = new URL(bundle, CACHE);
    const result = await build({
      absWorkingDir: ROOT_DIR,
      entryPoints: [fileURLToPath(source.entry)],
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
    const part = new URL(`${source.name}-${randomUUID()}.json.part`, CACHE);
    writeFileSync(part, JSON.stringify({ bundle, inputs } satisfies Manifest));
    renameSync(part, manifestOf(source));
    removeStaleBundles(source.name, bundle);
    return { url };
  } catch {
    return { url: source.tsxEntry };
  }
}

/** Bundles replaced over an hour ago: nothing still starting its workers can be about to load them. */
function removeStaleBundles(name: string, current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const file of readdirSync(CACHE)) {
    if (file === current || !file.startsWith(`${name}-`)) continue;
    const url = new URL(file, CACHE);
    if (statSync(url).mtimeMs < hourAgo) rmSync(url, { force: true });
  }
}
