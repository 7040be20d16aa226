import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ManusError } from '../../core/errors.ts';
import { NCT04223817, type StudyProtocol } from '../../core/study/protocol.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { DB } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { nowIso } from '../versioning.ts';

export interface StudyRecord {
  id: string;
  protocol: StudyProtocol;
  synthetic: boolean;
  siteId: string;
  siteCode: string;
  siteName: string;
}

/** One deployment runs one study: the first study row. */
export async function findStudy(db: Kysely<DB>): Promise<StudyRecord | undefined> {
  const row = await db
    .selectFrom('study')
    .innerJoin('site', 'site.study_id', 'study.id')
    .select([
      'study.id',
      'study.protocol_json',
      'study.synthetic',
      'site.id as site_id',
      'site.code',
      'site.name',
    ])
    .orderBy('study.created_at', 'asc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    protocol: JSON.parse(row.protocol_json) as StudyProtocol,
    synthetic: row.synthetic === 1,
    siteId: row.site_id,
    siteCode: row.code,
    siteName: row.name,
  };
}

export async function getStudy(db: Kysely<DB>): Promise<StudyRecord> {
  const study = await findStudy(db);
  if (!study) {
    throw new ManusError('not_found', 'No study is configured yet: run `manus demo` or `manus study init`');
  }
  return study;
}

/** Creates the study and its site from the protocol configuration, unless one exists. */
export async function ensureStudy(
  trx: Tx,
  actor: Actor,
  options: { synthetic: boolean; protocol?: StudyProtocol },
): Promise<StudyRecord> {
  const existing = await findStudy(trx);
  if (existing) return existing;
  const protocol = options.protocol ?? NCT04223817;
  const now = nowIso();
  const studyRow = {
    id: randomUUID(),
    nct_id: protocol.nctId,
    protocol_json: JSON.stringify(protocol),
    synthetic: options.synthetic ? 1 : 0,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const siteRow = {
    id: randomUUID(),
    study_id: studyRow.id,
    code: protocol.site.code,
    name: protocol.site.name,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('study').values(studyRow).execute();
  await trx.insertInto('site').values(siteRow).execute();
  await appendAudit(trx, actor, {
    action: 'study.create',
    entityType: 'study',
    entityId: studyRow.id,
    after: { nctId: protocol.nctId, synthetic: options.synthetic, site: protocol.site },
  });
  return getStudy(trx);
}
