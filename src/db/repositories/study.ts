import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ManusError, type FieldIssue } from '../../core/errors.ts';
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

/**
 * Each open database keeps the study it first reads outside a transaction. Nothing updates or deletes a study or
 * its site once created, and every request needs it: reading the row and parsing its protocol was 7 % of an eCRF
 * save. A read inside a transaction is not kept, since it may see a study that is then rolled back. The record is
 * frozen, as all its readers share it.
 */
const studies = new WeakMap<Kysely<DB>, Readonly<StudyRecord>>();

/** One deployment runs one study: the first study row. */
export async function findStudy(db: Kysely<DB>): Promise<StudyRecord | undefined> {
  const kept = studies.get(db);
  if (kept) return kept;
  const study = await readStudy(db);
  if (study && !db.isTransaction) studies.set(db, deepFreeze(study));
  return study;
}

async function readStudy(db: Kysely<DB>): Promise<StudyRecord | undefined> {
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
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
  return (await findStudy(trx)) ?? createStudy(trx, actor, options);
}

/** The longest site code and name a study may be given (the protocol's are 3 and 34 characters). */
export const SITE_CODE_MAX = 16;
export const SITE_NAME_MAX = 200;

function checkedSite(site: { code: string; name: string }): { code: string; name: string } {
  const code = site.code.trim();
  const name = site.name.trim();
  const fields: FieldIssue[] = [];
  if (!/^[A-Z0-9][A-Z0-9-]*$/.test(code) || code.length > SITE_CODE_MAX)
    fields.push({
      path: 'siteCode',
      code: 'pattern',
      message: `upper-case letters, digits and -, at most ${SITE_CODE_MAX} characters`,
    });
  if (name === '' || name.length > SITE_NAME_MAX)
    fields.push({ path: 'siteName', code: 'out_of_range', message: `1 to ${SITE_NAME_MAX} characters` });
  if (fields.length) throw new ManusError('invalid', 'The site is not valid', fields);
  return { code, name };
}

/**
 * Creates the study and its site, audited. A deployment runs one study, so an existing study is a conflict: the
 * real study is never created over the demo, nor twice.
 */
export async function createStudy(
  trx: Tx,
  actor: Actor,
  options: { synthetic: boolean; protocol?: StudyProtocol; site?: { code: string; name: string } },
): Promise<StudyRecord> {
  const existing = await findStudy(trx);
  if (existing) {
    throw new ManusError(
      'conflict',
      `A study already exists (${existing.protocol.nctId}, site ${existing.siteCode}${existing.synthetic ? ', SYNTHETIC demo' : ''}): a deployment runs one study`,
    );
  }
  const base = options.protocol ?? NCT04223817;
  const protocol = options.site ? { ...base, site: checkedSite(options.site) } : base;
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
