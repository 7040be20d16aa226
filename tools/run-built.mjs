// Runs a TypeScript entry (a benchmark) as the shipped server runs: bundled by esbuild the way tools/build-cli.mjs
// compiles dist/, and started with the V8 flags of `npm start`. Under tsx the same code is slower: its transform
// keeps function names by wrapping every closure created in a `__name` call (9 % of a reading-draft save), which the
// build does not do. The bundle goes to .bench-build/, one folder below the root like dist/ (src/root.ts needs that).
// Usage: node tools/run-built.mjs bench/form-save.bench.ts [args…]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node tools/run-built.mjs <entry.ts> [args…]\n');
  process.exit(2);
}
const outfile = `${root}.bench-build/${basename(entry).replace(/\.ts$/, '.mjs')}`;
await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
// The flags `npm start` gives node, from package.json, so that there is one place to change them.
const { scripts } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const nodeFlags = scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
const { status, signal } = spawnSync(process.execPath, [...nodeFlags, outfile, ...args], {
  stdio: 'inherit',
});
process.exit(status ?? (signal ? 1 : 0));
