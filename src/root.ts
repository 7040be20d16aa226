import { fileURLToPath } from 'node:url';

/**
 * The package root (where package.json, web/ and node_modules/ are). This file sits one folder below it, in src/,
 * and the compiled CLI (dist/, built by tools/build-cli.mjs) is a flat folder of chunks, also one folder below:
 * the same relative URL finds the root whether the TypeScript or the compiled code runs. Locate files from here,
 * never relative to a module's own folder (which bundling changes).
 */
export const ROOT_URL = new URL('..', import.meta.url);
export const ROOT_DIR = fileURLToPath(ROOT_URL);
