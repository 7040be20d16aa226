import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { auditOriginalRead, findOriginal } from '../../db/repositories/imaging/originals.ts';
import { withTransaction } from '../../db/transaction.ts';
import { openOriginalsStore } from '../../imaging/store/open.ts';

/** One original (identifying) file of the quarantine, its retrieval audited. */
export async function readOriginal(
  db: Database,
  actor: Actor,
  dataDir: string,
  uid: string,
): Promise<{ uid: string; format: 'dicom' | 'nifti'; bytes: Buffer }> {
  const original = await findOriginal(db.kysely, uid);
  const bytes = await openOriginalsStore({ kind: 'filesystem', dataDir }).read(original.storeKey);
  // Audited once the file is in hand, so that a failed read is not recorded as a disclosure.
  await withTransaction(db, (trx) => auditOriginalRead(trx, actor, original));
  return { uid: original.uid, format: original.format, bytes };
}
