import { readFileSync } from 'node:fs';

/** The package version, recorded in outputs so that every result says which Manus produced it. */
export const MANUS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
