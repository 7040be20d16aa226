import type { Kysely } from 'kysely';
import {
  ADJUDICATION_RULES,
  DEFAULT_ADJUDICATION_RULE,
  type AdjudicationRule,
} from '../../../core/reading/consensus.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { DB } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso } from '../../versioning.ts';

/**
 * The study's reading settings, one `study_setting` row: whether exams are assigned round-robin when their images
 * arrive (off by default) and which differences need adjudication. Version 0 means never changed (the defaults).
 */

export interface ReadingSettings {
  autoAssign: boolean;
  adjudicationRule: AdjudicationRule;
  version: number;
}

const KEY = 'reading';
export const DEFAULT_READING_SETTINGS: ReadingSettings = {
  autoAssign: false,
  adjudicationRule: DEFAULT_ADJUDICATION_RULE,
  version: 0,
};

export async function getReadingSettings(db: Kysely<DB>): Promise<ReadingSettings> {
  const row = await db.selectFrom('study_setting').selectAll().where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_READING_SETTINGS;
  const value = JSON.parse(row.value_json) as Partial<ReadingSettings>;
  return {
    autoAssign: value.autoAssign === true,
    adjudicationRule:
      ADJUDICATION_RULES.find((r) => r === value.adjudicationRule) ?? DEFAULT_ADJUDICATION_RULE,
    version: Number(row.version),
  };
}

export async function updateReadingSettings(
  trx: Tx,
  actor: Actor,
  input: ReadingSettings,
): Promise<ReadingSettings> {
  const before = await getReadingSettings(trx);
  assertCurrentVersion('Reading settings', input.version, before.version);
  const now = nowIso();
  const value_json = JSON.stringify({
    autoAssign: input.autoAssign,
    adjudicationRule: input.adjudicationRule,
  });
  const version = before.version + 1;
  if (before.version === 0)
    await trx
      .insertInto('study_setting')
      .values({ key: KEY, value_json, version, created_at: now, updated_at: now })
      .execute();
  else
    assertUpdated(
      'Reading settings',
      await trx
        .updateTable('study_setting')
        .set({ value_json, version, updated_at: now })
        .where('key', '=', KEY)
        .where('version', '=', before.version)
        .executeTakeFirst(),
      before.version,
    );
  const after = await getReadingSettings(trx);
  await appendAudit(trx, actor, {
    action: 'reading.settings.update',
    entityType: 'study_setting',
    entityId: KEY,
    before,
    after,
  });
  return after;
}
