import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors.ts';
import type { SodiumJob, SodiumJobRequest, SodiumJobStatus } from '../../core/sodium/records.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { DB, SodiumJobTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso } from '../versioning.ts';

/** Background quantifications of an exam's sodium series, stored (record types in src/core/sodium/records.ts). */

const toJob = (r: SodiumJobTable): SodiumJob => ({
  id: r.id,
  examId: r.exam_id,
  status: r.status as SodiumJobStatus,
  percent: Number(r.percent),
  error: r.error,
  quantificationId: r.quantification_id,
  request: JSON.parse(r.request_json) as SodiumJobRequest,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export async function getSodiumJob(db: Kysely<DB>, id: string): Promise<SodiumJob> {
  const row = await db.selectFrom('sodium_job').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Sodium quantification job ${id}`);
  return toJob(row);
}

export async function createSodiumJob(
  trx: Tx,
  actor: Actor,
  examId: string,
  request: SodiumJobRequest,
): Promise<SodiumJob> {
  const exam = await trx.selectFrom('mri_exam').select('id').where('id', '=', examId).executeTakeFirst();
  if (!exam) throw notFound(`MRI exam ${examId}`);
  const now = nowIso();
  const id = randomUUID();
  await trx
    .insertInto('sodium_job')
    .values({
      id,
      exam_id: examId,
      status: 'queued',
      percent: 0,
      error: null,
      request_json: JSON.stringify(request),
      quantification_id: null,
      requested_by: actor.username,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const job = await getSodiumJob(trx, id);
  await appendAudit(trx, actor, {
    action: 'sodium.job.create',
    entityType: 'sodium_job',
    entityId: id,
    after: job,
  });
  return job;
}

/** The change of state a job can go through after its creation. */
export type SodiumJobTransition =
  | { status: 'running' }
  | { status: 'succeeded'; quantificationId: string }
  | { status: 'failed'; error: string; percent: number };

/**
 * Moves a job to its next state, audited in the caller's transaction. With `expectedVersion`, only from that version:
 * an attempt that set the job running ends it only if no later attempt has started it since (a conflict otherwise).
 */
export async function transitionSodiumJob(
  trx: Tx,
  actor: Actor,
  id: string,
  transition: SodiumJobTransition,
  expectedVersion?: number,
): Promise<SodiumJob> {
  const before = await getSodiumJob(trx, id);
  if (expectedVersion !== undefined)
    assertCurrentVersion(`Sodium quantification job ${id}`, expectedVersion, before.version);
  const result = await trx
    .updateTable('sodium_job')
    .set({
      status: transition.status,
      percent:
        transition.status === 'succeeded' ? 100 : transition.status === 'failed' ? transition.percent : 0,
      error: transition.status === 'failed' ? transition.error : null,
      quantification_id: transition.status === 'succeeded' ? transition.quantificationId : null,
      version: before.version + 1,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  assertUpdated(`Sodium quantification job ${id}`, result, before.version);
  const after = await getSodiumJob(trx, id);
  await appendAudit(trx, actor, {
    action: `sodium.job.${transition.status === 'running' ? 'start' : transition.status === 'succeeded' ? 'succeed' : 'fail'}`,
    entityType: 'sodium_job',
    entityId: id,
    before: { status: before.status, percent: before.percent, version: before.version },
    after: { status: after.status, percent: after.percent, error: after.error, version: after.version },
  });
  return after;
}

/**
 * Jobs left queued or running by a server that stopped: nothing will finish them, so they are marked failed (the
 * user can submit them again). Called once at start, before this server runs any job.
 */
export async function failInterruptedSodiumJobs(trx: Tx, actor: Actor): Promise<number> {
  const stale = await trx
    .selectFrom('sodium_job')
    .select(['id', 'percent'])
    .where('status', 'in', ['queued', 'running'])
    .orderBy('created_at')
    .execute();
  for (const job of stale) {
    await transitionSodiumJob(trx, actor, job.id, {
      status: 'failed',
      error: 'The server stopped before the job finished: submit it again',
      percent: Number(job.percent),
    });
  }
  return stale.length;
}
