import { readFileSync } from 'node:fs';
import { ROOT_URL } from './root.ts';

/** The package version, recorded in outputs so that every result says which Manus produced it. */
export const MANUS_VERSION: string = (
  JSON.parse(readFileSync(new URL('package.json', ROOT_URL), 'utf8')) as { version: string }
).version;
