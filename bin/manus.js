#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` through tools/build-cli.mjs) while it is up to date with
// every source it was compiled from; otherwise (a source edited since, or never built) the TypeScript through tsx,
// so that an edited source never runs stale. Checking is one stat per source, about a millisecond.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function compiledIsCurrent() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('dist/manifest.json', root), 'utf8'));
    return inputs.every((input) => statSync(new URL(input, root)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

if (compiledIsCurrent()) {
  await import('../dist/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
