import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { notFound } from '../../../core/errors.ts';
import { changedFindings, type Finding } from '../../../core/reading/findings.ts';
import type { TaskKind, TaskState } from '../../../core/reading/task-state.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import { preparedQuery } from '../../prepared.ts';
import type { DB, ReadingTaskTable } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso } from '../../versioning.ts';

/** Reading tasks: one radiologist's read of an exam (`read`), or the adjudicator's consensus (`adjudication`). */

export interface StoredTask {
  id: string;
  examId: string;
  readerId: string;
  kind: TaskKind;
  status: TaskState;
  findings: Finding[];
  comments: string;
  assignedBy: string;
  assignedAt: string;
  startedAt: string | null;
  submittedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The findings last read or written per task by this process, with the stored text they come from. An autosave
 * reads its task's findings (about 170, 8 KB) just after the previous autosave wrote them: parsing them again was
 * 7 % of a save. A task's findings are taken from here only when the stored text is exactly the one they were
 * parsed from or written as, so what is returned is always what is stored, whatever another process or a rolled
 * back transaction did. They are frozen, since every reader shares them.
 */
const knownFindings = new Map<string, KnownFindings>();
/** Tasks whose findings are kept (readers at work at once, with room); past it the map starts again empty. */
const KNOWN_FINDINGS = 256;

interface KnownFindings {
  /** The stored text. */
  json: string;
  /** The findings it holds, each frozen, the array too (typed as StoredTask holds them). */
  findings: Finding[];
  /** Each finding's own JSON text, when this process wrote them (`json` joins them). */
  texts?: readonly string[];
}

function rememberFindings(id: string, known: KnownFindings): Finding[] {
  Object.freeze(known.findings);
  if (knownFindings.size >= KNOWN_FINDINGS) knownFindings.clear();
  knownFindings.set(id, known);
  return known.findings;
}

/**
 * The findings as stored (copies without any other key, frozen) and their text, which is what JSON.stringify gives
 * for the array. A draft save writes back about 170 findings of which one changed: a finding that is the very
 * object stored at its place in `previous` (the task's findings as this process last wrote them) keeps its stored
 * object and text, which are joined instead of serialised again (serialising the draft was 7.5 % of a save).
 */
function storable(findings: readonly Finding[], previous: KnownFindings | undefined): KnownFindings {
  const stored: Finding[] = [];
  const texts: string[] = [];
  findings.forEach((finding, i) => {
    const text = previous?.findings[i] === finding ? previous.texts?.[i] : undefined;
    if (text !== undefined) {
      stored.push(finding);
      texts.push(text);
      return;
    }
    const { site, item, value } = finding;
    const copy = Object.freeze({ site, item, value });
    stored.push(copy);
    texts.push(JSON.stringify(copy));
  });
  return { findings: stored, json: `[${texts.join(',')}]`, texts };
}

function findingsOf(id: string, json: string): Finding[] {
  const known = knownFindings.get(id);
  if (known?.json === json) return known.findings;
  const parsed = (JSON.parse(json) as Finding[]).map((finding) => Object.freeze(finding));
  return rememberFindings(id, { json, findings: parsed });
}

const toTask = (r: ReadingTaskTable): StoredTask => ({
  id: r.id,
  examId: r.exam_id,
  readerId: r.reader_id,
  kind: r.kind as TaskKind,
  status: r.status as TaskState,
  findings: findingsOf(r.id, r.findings_json),
  comments: r.comments,
  assignedBy: r.assigned_by,
  assignedAt: r.assigned_at,
  startedAt: r.started_at,
  submittedAt: r.submitted_at,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const taskById = preparedQuery((db, { id }: { id: string }) =>
  db.selectFrom('reading_task').selectAll().where('id', '=', id),
);

export async function findTask(db: Kysely<DB>, id: string): Promise<StoredTask | null> {
  const [row] = (await taskById(db, { id })).rows;
  return row ? toTask(row) : null;
}

export async function getTask(db: Kysely<DB>, id: string): Promise<StoredTask> {
  const task = await findTask(db, id);
  if (!task) throw notFound(`Reading task ${id}`);
  return task;
}

/** Tasks by exam and/or reader, oldest assignment first. */
export async function listTasks(
  db: Kysely<DB>,
  filter: { examId?: string; readerId?: string; kind?: TaskKind } = {},
): Promise<StoredTask[]> {
  let q = db.selectFrom('reading_task').selectAll();
  if (filter.examId !== undefined) q = q.where('exam_id', '=', filter.examId);
  if (filter.readerId !== undefined) q = q.where('reader_id', '=', filter.readerId);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  const rows = await q.orderBy('assigned_at').orderBy('id').execute();
  return rows.map(toTask);
}

/** What the audit trail keeps of a task: everything but the bookkeeping timestamps. */
const audited = (t: StoredTask) => ({
  examId: t.examId,
  readerId: t.readerId,
  kind: t.kind,
  status: t.status,
  findings: t.findings,
  comments: t.comments,
  startedAt: t.startedAt,
  submittedAt: t.submittedAt,
  version: t.version,
});

export async function createTask(
  trx: Tx,
  actor: Actor,
  input: { examId: string; readerId: string; kind: TaskKind },
): Promise<StoredTask> {
  const now = nowIso();
  const row: ReadingTaskTable = {
    id: randomUUID(),
    exam_id: input.examId,
    reader_id: input.readerId,
    kind: input.kind,
    status: 'assigned',
    findings_json: '[]',
    comments: '',
    assigned_by: actor.username,
    assigned_at: now,
    started_at: null,
    submitted_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('reading_task').values(row).execute();
  const task = toTask(row);
  await appendAudit(trx, actor, {
    action: 'reading.task.assign',
    entityType: 'reading_task',
    entityId: task.id,
    after: audited(task),
  });
  return task;
}

export interface TaskChanges {
  status?: TaskState;
  findings?: readonly Finding[];
  comments?: string;
  startedAt?: string | null;
  submittedAt?: string | null;
}

/**
 * What a draft save's audit event keeps: the version, the fields that changed, and of the findings only those
 * added, changed or removed, with their values before and after. An autosave rewrites the whole form (about 170
 * findings) many times a minute; recording the whole task twice made the audit event most of a save's cost. The
 * trail stays complete: a task is assigned with no findings, and every change after is recorded.
 */
function auditedChange(before: StoredTask, after: StoredTask) {
  const findings = changedFindings(before.findings, after.findings);
  const changed = (['status', 'comments', 'startedAt'] as const).filter(
    (field) => before[field] !== after[field],
  );
  const side = (task: StoredTask, sideFindings: Finding[]) => ({
    ...Object.fromEntries(changed.map((field) => [field, task[field]])),
    findings: sideFindings,
    version: task.version,
  });
  return { before: side(before, findings.before), after: side(after, findings.after) };
}

const updateChangeable = preparedQuery(
  (
    db,
    values: {
      id: string;
      sentVersion: number;
      status: TaskState;
      findingsJson: string;
      comments: string;
      startedAt: string | null;
      submittedAt: string | null;
      version: number;
      updatedAt: string;
    },
  ) =>
    db
      .updateTable('reading_task')
      .set({
        status: values.status,
        findings_json: values.findingsJson,
        comments: values.comments,
        started_at: values.startedAt,
        submitted_at: values.submittedAt,
        version: values.version,
        updated_at: values.updatedAt,
      })
      .where('id', '=', values.id)
      .where('version', '=', values.sentVersion),
);

/**
 * Changes a task at the version the caller read (409 otherwise), audited as `reading.task.<action>` with the
 * values before and after and the reason given: the whole task, or for a draft save only what changed.
 * `before` is the task as the caller read it, at most once per save: every change bumps the version, so the
 * update guarded by `version = sentVersion` writes only if the stored task is still exactly `before`.
 */
export async function updateTask(
  trx: Tx,
  actor: Actor,
  before: StoredTask,
  sentVersion: number,
  changes: TaskChanges,
  audit: { action: string; reason?: string | null; changesOnly?: boolean },
): Promise<StoredTask> {
  const id = before.id;
  assertCurrentVersion(`Reading task ${id}`, sentVersion, before.version);
  // Stored as given, without whatever other keys a caller's objects carry.
  const known = knownFindings.get(id);
  const written =
    changes.findings && storable(changes.findings, known?.findings === before.findings ? known : undefined);
  const after: StoredTask = {
    ...before,
    status: changes.status ?? before.status,
    findings: written?.findings ?? before.findings,
    comments: changes.comments ?? before.comments,
    startedAt: changes.startedAt !== undefined ? changes.startedAt : before.startedAt,
    submittedAt: changes.submittedAt !== undefined ? changes.submittedAt : before.submittedAt,
    version: before.version + 1,
    updatedAt: nowIso(),
  };
  // Every changeable column is written: those not changed keep the value `before` read, which the version guard
  // proves is still the stored one.
  const findingsJson = written?.json ?? JSON.stringify(before.findings);
  const result = await updateChangeable(trx, {
    id,
    sentVersion,
    status: after.status,
    findingsJson,
    comments: after.comments,
    startedAt: after.startedAt,
    submittedAt: after.submittedAt,
    version: after.version,
    updatedAt: after.updatedAt,
  });
  assertUpdated(`Reading task ${id}`, { numUpdatedRows: result.numAffectedRows ?? 0n }, sentVersion);
  if (written) rememberFindings(id, written);
  await appendAudit(trx, actor, {
    action: `reading.task.${audit.action}`,
    entityType: 'reading_task',
    entityId: id,
    ...(audit.changesOnly
      ? auditedChange(before, after)
      : { before: audited(before), after: audited(after) }),
    reason: audit.reason ?? null,
  });
  return after;
}
