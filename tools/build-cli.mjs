// Compiles the `manus` command into dist/ once (run by `npm install` through the `prepare` script, or
// `npm run build:cli`), so that a command starts without compiling TypeScript through tsx on every run.
//
// One ES module per entry and shared chunk, all flat in dist/ (src/root.ts relies on that depth), with packages left
// to node_modules. Each command's module is a dynamic import in src/cli/main.ts, so it becomes its own chunk and
// loads only when that command runs. dist/manifest.json lists every source compiled in, and the time the build
// started: bin/manus.js runs dist/ only while none of them is newer.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const staging = `${root}dist.${process.pid}.tmp`;

const builtAt = Date.now();
rmSync(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});
mkdirSync(staging, { recursive: true });
writeFileSync(
  `${staging}/manifest.json`,
  JSON.stringify({ builtAt, inputs: Object.keys(result.metafile.inputs).sort() }),
);
// Swapped in whole, so that a command starting meanwhile runs the old build or the new one, never a mix.
rmSync(dist, { recursive: true, force: true });
renameSync(staging, dist);
