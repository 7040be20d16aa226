import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as forms from './0002-forms.ts';
import * as imaging from './0003-imaging.ts';
import * as sodium from './0004-sodium.ts';
import * as sodiumJobs from './0005-sodium-jobs.ts';
import * as imagingOriginals from './0006-imaging-originals.ts';
import * as reading from './0007-reading.ts';
import * as authThrottle from './0008-auth-throttle.ts';

/** Versioned migrations, applied in key order. Add new ones with the next number; never edit a landed one. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-forms': forms,
  '0003-imaging': imaging,
  '0004-sodium': sodium,
  '0005-sodium-jobs': sodiumJobs,
  '0006-imaging-originals': imagingOriginals,
  '0007-reading': reading,
  '0008-auth-throttle': authThrottle,
};
