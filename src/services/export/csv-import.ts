import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formTableName, quantityColumnNames, recordTableName } from '../../core/export/csv/form-tables.ts';
import { parseCsvObjects } from '../../core/export/csv/parse.ts';
import { unguardText } from '../../core/export/csv/table.ts';
import { ManusError } from '../../core/errors.ts';
import { getInstrument } from '../../core/instruments/registry.ts';
import type { ItemDef, RecordListItem, ScalarValue } from '../../core/instruments/types.ts';
import { isArm } from '../../core/study/protocol.ts';
import { isParticipantStatus, type ParticipantStatus } from '../../core/study/participant-status.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { addConsent } from '../../db/repositories/clinical-records.ts';
import { saveForm } from '../../db/repositories/forms.ts';
import { changeParticipantStatus, createParticipant } from '../../db/repositories/participants.ts';
import { ensureStudy, getStudy } from '../../db/repositories/study.ts';
import { withTransaction } from '../../db/transaction.ts';

/**
 * Re-imports an identified tidy CSV export (src/core/export/csv) into an empty database: participants with their arm, consent
 * and status, and every form with its values and missing-data codes, each saved through the forms repository so
 * that validation and scoring run again and every write is audited. What a person attested is not re-created:
 * verified and signed forms come back complete (signatures and verifications stay with the source database), and
 * readings and sodium results, which come from images and the readers' signed reads, are not imported.
 */

type Row = Record<string, string>;
const REASON = 'Restored from a tidy CSV export';

async function readTable(folder: string, name: string): Promise<Row[]> {
  return parseCsvObjects(await readFile(join(folder, `${name}.csv`), 'utf8'));
}

const bad = (message: string) => new ManusError('bad_request', message);

/** One cell back to its item value; '' is missing. */
function scalarOf(item: Exclude<ItemDef, RecordListItem>, cell: string | undefined): ScalarValue | null {
  if (cell === undefined || cell === '') return null;
  switch (item.type) {
    case 'boolean':
      return cell === '1';
    case 'integer':
    case 'number':
      return Number(cell);
    default:
      return unguardText(cell);
  }
}

/** An item's value from its columns (see itemColumns in form-tables.ts), or undefined when absent. */
function itemValueOf(item: Exclude<ItemDef, RecordListItem>, row: Row): unknown {
  if (item.type === 'quantity') {
    const names = quantityColumnNames(item);
    const value = row[names.value];
    return value ? { value: Number(value), unit: unguardText(row[names.unit] ?? '') } : undefined;
  }
  if (item.type === 'integer-list') {
    const list: number[] = [];
    for (let n = 1; n <= item.maxLength && (row[`${item.id}_${n}`] ?? '') !== ''; n++)
      list.push(Number(row[`${item.id}_${n}`]));
    return list.length ? list : undefined;
  }
  return scalarOf(item, row[item.id]) ?? undefined;
}

const key = (row: Row) => `${row.participant_code}\0${row.visit}`;

async function importForms(
  db: Database,
  actor: Actor,
  folder: string,
  instrumentId: string,
): Promise<number> {
  const definition = getInstrument(instrumentId);
  const { protocol } = await getStudy(db.kysely);
  const rows = await readTable(folder, formTableName(definition));
  const lists = new Map<string, Map<string, Row[]>>();
  for (const list of definition.items.filter((i): i is RecordListItem => i.type === 'record-list')) {
    const byForm = new Map<string, Row[]>();
    for (const r of await readTable(folder, recordTableName(definition, list)))
      byForm.set(key(r), [...(byForm.get(key(r)) ?? []), r]);
    for (const records of byForm.values()) records.sort((a, b) => Number(a.record) - Number(b.record));
    lists.set(list.id, byForm);
  }
  await withTransaction(db, async (trx) => {
    for (const row of rows) {
      const values: Record<string, unknown> = {};
      for (const item of definition.items) {
        const missing = row[`${item.id}_missing`];
        if (missing) {
          values[item.id] = missing;
          continue;
        }
        if (item.type === 'record-list') {
          if ((row[`${item.id}_count`] ?? '') === '') continue;
          values[item.id] = (lists.get(item.id)?.get(key(row)) ?? []).map((r) =>
            Object.fromEntries(
              item.fields.map((f) => [f.id, scalarOf(f as Exclude<ItemDef, RecordListItem>, r[f.id])]),
            ),
          );
          continue;
        }
        const value = itemValueOf(item, row);
        if (value !== undefined) values[item.id] = value;
      }
      await saveForm(
        trx,
        actor,
        protocol,
        { participantCode: row.participant_code!, visitCode: row.visit!, instrumentId },
        {
          version: 0,
          values,
          ...(row.variant ? { variant: row.variant } : {}),
          status: row.form_status === 'in_progress' ? 'in_progress' : 'complete',
        },
      );
    }
  });
  return rows.length;
}

/** The status changes that lead from screening to a status, with the dates the export kept. */
function statusPath(status: ParticipantStatus, row: Row): { status: ParticipantStatus; date: string }[] {
  const inclusion = row.inclusion_date ?? '';
  const end = row.end_date ?? '';
  const included = [
    { status: 'eligible' as const, date: inclusion },
    { status: 'included' as const, date: inclusion },
  ];
  switch (status) {
    case 'screening':
      return [];
    case 'eligible':
      return [{ status, date: row.screening_date! }];
    case 'ineligible':
      return [{ status, date: end }];
    case 'included':
      return included;
    case 'completed':
      return [...included, { status, date: end }];
    case 'withdrawn':
      return inclusion ? [...included, { status, date: end }] : [{ status, date: end }];
  }
}

export interface CsvImportResult {
  participants: number;
  forms: number;
}

export async function importTidyCsv(db: Database, actor: Actor, folder: string): Promise<CsvImportResult> {
  await withTransaction(db, (trx) => ensureStudy(trx, actor, { synthetic: false }));
  const existing = await db.kysely.selectFrom('participant').select('id').limit(1).execute();
  if (existing.length) throw bad('The database already holds participants: import into an empty database');
  const participants = await readTable(folder, 'participants');
  // Complete forms need their identifying items (the birth date), which only an identified export holds.
  if (participants.length && !('birth_date' in participants[0]!))
    throw bad(
      'This is a de-identified export: it leaves out identifying items that complete forms require; re-import an identified export (manus export csv --identified)',
    );
  await withTransaction(db, async (trx) => {
    for (const row of participants) {
      const arm = row.arm ?? '';
      if (!isArm(arm)) throw bad(`${row.participant_code}: unknown arm ${arm}`);
      const created = await createParticipant(trx, actor, { arm, screeningDate: row.screening_date! });
      // Codes are allocated in sequence: a gap in the export would give another participant this one's data.
      if (created.code !== row.participant_code)
        throw bad(
          `${row.participant_code} would be re-created as ${created.code}: the export's codes have gaps`,
        );
      if (row.consent_date)
        await addConsent(trx, actor, created.code, {
          consentDate: row.consent_date,
          documentVersion: row.consent_document_version ?? '',
        });
    }
  });
  const { protocol } = await getStudy(db.kysely);
  let forms = 0;
  for (const instrumentId of new Set(protocol.forms.map((f) => f.instrument)))
    forms += await importForms(db, actor, folder, instrumentId);
  await withTransaction(db, async (trx) => {
    for (const row of participants) {
      const status = row.status ?? '';
      if (!isParticipantStatus(status)) throw bad(`${row.participant_code}: unknown status ${status}`);
      let version = 1;
      for (const step of statusPath(status, row)) {
        const changed = await changeParticipantStatus(trx, actor, row.participant_code!, {
          version,
          status: step.status,
          effectiveDate: step.date,
          reason: REASON,
        });
        version = changed.version;
      }
    }
  });
  return { participants: participants.length, forms };
}
