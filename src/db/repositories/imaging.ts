import { randomBytes, randomUUID } from 'node:crypto';
import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { ManusError, notFound } from '../../core/errors.ts';
import type {
  InboxStudy,
  InstanceRecord,
  KeptOriginal,
  OriginalEntry,
  SeriesSummary,
} from '../../core/imaging/records.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { DB, ImagingSeriesTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { nowIso } from '../versioning.ts';

/** Image records: the study secret, pseudonyms, and DICOM studies, series and instances tied to MRI exams. */

/** The study's de-identification key, created (and audited, without its value) on first use. */
export async function imagingSecret(trx: Tx, actor: Actor, studyId: string): Promise<Buffer> {
  const row = await trx
    .selectFrom('imaging_secret')
    .select('hmac_key')
    .where('study_id', '=', studyId)
    .executeTakeFirst();
  if (row) return Buffer.from(row.hmac_key, 'hex');
  const key = randomBytes(32);
  await trx
    .insertInto('imaging_secret')
    .values({ study_id: studyId, hmac_key: key.toString('hex'), created_at: nowIso() })
    .execute();
  await appendAudit(trx, actor, {
    action: 'imaging.secret.create',
    entityType: 'study',
    entityId: studyId,
    after: { algorithm: 'HMAC-SHA-256', bits: 256 },
  });
  return key;
}

export interface ImportDestination {
  examId: string;
  examCode: string;
  participantId: string;
  participantCode: string;
}

/**
 * The exam that imported images belong to: `exam` (id or blinded code) wins; a participant alone is enough when
 * it has exactly one exam. Neither given means the unassigned inbox (null).
 */
export async function resolveDestination(
  db: Kysely<DB>,
  options: { participant?: string | undefined; exam?: string | undefined },
): Promise<ImportDestination | null> {
  if (!options.participant && !options.exam) return null;
  let query = db
    .selectFrom('mri_exam')
    .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
    .select([
      'mri_exam.id as examId',
      'mri_exam.exam_code as examCode',
      'participant.id as participantId',
      'participant.code as participantCode',
    ]);
  if (options.exam)
    query = query.where((eb) =>
      eb.or([eb('mri_exam.id', '=', options.exam!), eb('mri_exam.exam_code', '=', options.exam!)]),
    );
  if (options.participant) query = query.where('participant.code', '=', options.participant);
  const rows = await query.execute();
  if (rows.length === 1) return rows[0]!;
  if (rows.length === 0) {
    if (options.exam)
      throw new ManusError(
        'not_found',
        `MRI exam ${options.exam}${options.participant ? ` of ${options.participant}` : ''} not found`,
        [{ path: 'exam', message: 'no such exam' }],
      );
    const exists = await db
      .selectFrom('participant')
      .select('id')
      .where('code', '=', options.participant!)
      .executeTakeFirst();
    if (!exists)
      throw new ManusError('not_found', `Participant ${options.participant} not found`, [
        { path: 'participant', message: 'no such participant' },
      ]);
    throw new ManusError(
      'invalid',
      `Participant ${options.participant} has no MRI exam: register the exam first`,
      [{ path: 'participant', message: 'no exam' }],
    );
  }
  throw new ManusError(
    'invalid',
    `Participant ${options.participant} has ${rows.length} MRI exams: choose one with --exam (${rows.map((r) => r.examCode).join(', ')})`,
    [{ path: 'exam', message: 'required' }],
  );
}

/** Inbox codes whose studies were assigned to a participant: inbox code → participant code. */
export async function linkedInboxCodes(db: Kysely<DB>): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('imaging_pseudonym')
    .innerJoin('participant', 'participant.id', 'imaging_pseudonym.participant_id')
    .select(['imaging_pseudonym.code', 'participant.code as participant'])
    .where('imaging_pseudonym.kind', '=', 'inbox')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.participant]));
}

/** Records a pseudonym (participant or inbox code) with its date shift the first time it is used. */
async function ensurePseudonym(
  trx: Tx,
  pseudonym: InstanceRecord['pseudonym'],
  destination: ImportDestination | null,
  now: string,
): Promise<void> {
  const known = await trx
    .selectFrom('imaging_pseudonym')
    .select('code')
    .where('code', '=', pseudonym.code)
    .executeTakeFirst();
  if (known) return;
  await trx
    .insertInto('imaging_pseudonym')
    .values({
      code: pseudonym.code,
      kind: pseudonym.kind,
      participant_id: pseudonym.kind === 'participant' ? (destination?.participantId ?? null) : null,
      date_shift_days: pseudonym.dateShiftDays,
      created_at: now,
    })
    .execute();
}

/** The outcome of recording a batch; `orphanOriginals` are kept files no row refers to (another was kept first). */
export interface RecordedBatch<R> {
  imported: R[];
  skipped: R[];
  /** Skipped records whose stored file is not the one on record: nothing refers to it (if this import made it). */
  unreferenced: R[];
  orphanOriginals: R[];
  originalsKept: number;
}

/**
 * Records where the original of a de-identified record is kept. The first original kept for a UID stays: answers
 * false when another file is kept for it already, so the caller can remove the one it has just written.
 */
async function recordOriginal(
  trx: Tx,
  uid: string,
  format: 'dicom' | 'nifti',
  original: KeptOriginal,
  importId: string,
  now: string,
): Promise<{ referenced: boolean; added: boolean }> {
  const kept = await trx
    .selectFrom('imaging_original')
    .select('store_key')
    .where('uid', '=', uid)
    .executeTakeFirst();
  if (kept) return { referenced: kept.store_key === original.key, added: false };
  await trx
    .insertInto('imaging_original')
    .values({
      uid,
      format,
      store_key: original.key,
      size: original.size,
      import_id: importId,
      created_at: now,
    })
    .execute();
  return { referenced: true, added: true };
}

/** Rows per multi-row statement: well under the bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535). */
const ROWS_PER_STATEMENT = 200;

function inChunks<T>(values: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/**
 * Records a batch of stored instances in one transaction, creating pseudonym, study and series rows as needed.
 * An instance already recorded (before, or earlier in the batch) is skipped (imports are idempotent). One audit
 * event covers the batch. Set-based: a handful of statements per batch whatever its size, because a query per
 * instance kept the importer's main thread busy for as long as the workers took to store the files.
 */
export async function recordInstances<R extends InstanceRecord>(
  trx: Tx,
  actor: Actor,
  importId: string,
  destination: ImportDestination | null,
  store: string,
  records: readonly R[],
): Promise<RecordedBatch<R>> {
  const orphanOriginals: R[] = [];
  let originalsKept = 0;
  const now = nowIso();
  // An instance stored before without its original gets it now; the first original kept for it stays.
  for (const r of records) {
    if (!r.original) continue;
    const kept = await recordOriginal(trx, r.sopInstanceUid, 'dicom', r.original, importId, now);
    if (!kept.referenced) orphanOriginals.push(r);
    if (kept.added) originalsKept += 1;
  }
  // The file on record for each instance, so that a file written again for one (a re-import repairing a damaged
  // store) is kept, and only a file with other bytes (another pseudonym's copy) is left unreferenced.
  const recorded = new Map<string, string>();
  for (const uids of inChunks([...new Set(records.map((r) => r.sopInstanceUid))])) {
    const rows = await trx
      .selectFrom('imaging_instance')
      .select(['sop_instance_uid', 'store_key'])
      .where('sop_instance_uid', 'in', uids)
      .execute();
    for (const row of rows) recorded.set(row.sop_instance_uid, row.store_key);
  }
  const imported: R[] = [];
  const skipped: R[] = [];
  const unreferenced: R[] = [];
  for (const r of records) {
    const key = recorded.get(r.sopInstanceUid);
    if (key === undefined) {
      recorded.set(r.sopInstanceUid, r.storeKey);
      imported.push(r);
    } else {
      skipped.push(r);
      if (key !== r.storeKey) unreferenced.push(r);
    }
  }
  for (const r of uniqueBy(imported, (i) => i.pseudonym.code))
    await ensurePseudonym(trx, r.pseudonym, destination, now);
  const studyIds = await ensureStudies(trx, imported, destination, now);
  const series = await seriesRows(trx, imported, studyIds, now);
  for (const rows of inChunks(imported)) {
    await trx
      .insertInto('imaging_instance')
      .values(
        rows.map((r) => ({
          sop_instance_uid: r.sopInstanceUid,
          series_id: series.get(r.seriesInstanceUid)!.id,
          sop_class_uid: r.sopClassUid,
          instance_number: r.instanceNumber,
          rows: r.rows,
          columns: r.columns,
          frames: r.frames,
          transfer_syntax_uid: r.transferSyntaxUid,
          store,
          store_key: r.storeKey,
          size: r.size,
          created_at: now,
        })),
      )
      .execute();
  }
  for (const s of series.values()) {
    await trx
      .updateTable('imaging_series')
      .set({
        frames: s.frames,
        instances: s.instances,
        burned_in: s.burned_in,
        version: s.version,
        updated_at: s.updated_at,
      })
      .where('id', '=', s.id)
      .execute();
  }
  await appendAudit(trx, actor, {
    action: 'imaging.instances.add',
    entityType: 'imaging_import',
    entityId: importId,
    after: {
      examId: destination?.examId ?? null,
      inbox: destination === null,
      imported: imported.length,
      skipped: skipped.length,
      originalsKept,
      series: [...series.values()].map((s) => s.series_uid),
    },
  });
  return { imported, skipped, unreferenced, orphanOriginals, originalsKept };
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v);
  return [...seen.values()];
}

/** The study row id of every study UID in the batch, inserting the studies seen for the first time. */
async function ensureStudies(
  trx: Tx,
  records: readonly InstanceRecord[],
  destination: ImportDestination | null,
  now: string,
): Promise<Map<string, string>> {
  const first = uniqueBy(records, (r) => r.studyInstanceUid);
  const ids = new Map<string, string>();
  if (first.length === 0) return ids;
  const rows = await trx
    .selectFrom('imaging_study')
    .select(['id', 'study_uid'])
    .where(
      'study_uid',
      'in',
      first.map((r) => r.studyInstanceUid),
    )
    .execute();
  for (const row of rows) ids.set(row.study_uid, row.id);
  const missing = first.filter((r) => !ids.has(r.studyInstanceUid));
  for (const r of missing) ids.set(r.studyInstanceUid, randomUUID());
  if (missing.length > 0)
    await trx
      .insertInto('imaging_study')
      .values(
        missing.map((r) => ({
          id: ids.get(r.studyInstanceUid)!,
          study_uid: r.studyInstanceUid,
          pseudonym: r.pseudonym.code,
          exam_id: destination?.examId ?? null,
          study_date: r.studyDate,
          version: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  return ids;
}

/**
 * The series rows the batch's instances belong to, inserted when new, with their counts (instances, frames,
 * burned-in flag) and version already advanced by this batch; the caller writes the counts back once.
 */
async function seriesRows(
  trx: Tx,
  records: readonly InstanceRecord[],
  studyIds: ReadonlyMap<string, string>,
  now: string,
): Promise<Map<string, ImagingSeriesTable>> {
  const first = uniqueBy(records, (r) => r.seriesInstanceUid);
  const series = new Map<string, ImagingSeriesTable>();
  if (first.length === 0) return series;
  const rows = await trx
    .selectFrom('imaging_series')
    .selectAll()
    .where(
      'series_uid',
      'in',
      first.map((r) => r.seriesInstanceUid),
    )
    .execute();
  for (const row of rows) series.set(row.series_uid, row);
  const missing: ImagingSeriesTable[] = first
    .filter((r) => !series.has(r.seriesInstanceUid))
    .map((r) => ({
      id: randomUUID(),
      imaging_study_id: studyIds.get(r.studyInstanceUid)!,
      series_uid: r.seriesInstanceUid,
      format: 'dicom',
      file_key: null,
      series_number: r.seriesNumber,
      description: r.seriesDescription,
      modality: r.modality,
      nucleus: r.acquisition.nucleus,
      rows: r.rows,
      columns: r.columns,
      frames: 0,
      instances: 0,
      burned_in: 0,
      acquisition_json: JSON.stringify(r.acquisition),
      version: 1,
      created_at: now,
      updated_at: now,
    }));
  if (missing.length > 0) await trx.insertInto('imaging_series').values(missing).execute();
  for (const s of missing) series.set(s.series_uid, s);
  const touched = new Set<string>();
  for (const r of records) {
    const s = series.get(r.seriesInstanceUid)!;
    s.frames = Number(s.frames) + r.frames;
    s.instances = Number(s.instances) + 1;
    if (r.burnedIn) s.burned_in = 1;
    if (!touched.has(s.id)) {
      touched.add(s.id);
      s.version = Number(s.version) + 1;
      s.updated_at = now;
    }
  }
  return series;
}

/** What the importer records for one NIfTI file (a series of its own). */
export interface NiftiRecord {
  pseudonym: InstanceRecord['pseudonym'];
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string;
  rows: number;
  columns: number;
  frames: number;
  acquisition: { nucleus: string | null };
  storeKey: string;
  original: KeptOriginal | null;
}

/** Records NIfTI series; one already recorded (same content, same participant) is skipped. */
export async function recordNiftiSeries<R extends NiftiRecord>(
  trx: Tx,
  actor: Actor,
  importId: string,
  destination: ImportDestination,
  records: readonly R[],
): Promise<RecordedBatch<R>> {
  const imported: R[] = [];
  const skipped: R[] = [];
  const orphanOriginals: R[] = [];
  let originalsKept = 0;
  const now = nowIso();
  for (const r of records) {
    if (r.original) {
      const kept = await recordOriginal(trx, r.seriesInstanceUid, 'nifti', r.original, importId, now);
      if (!kept.referenced) orphanOriginals.push(r);
      if (kept.added) originalsKept += 1;
    }
    const exists = await trx
      .selectFrom('imaging_series')
      .select('id')
      .where('series_uid', '=', r.seriesInstanceUid)
      .executeTakeFirst();
    if (exists) {
      skipped.push(r);
      continue;
    }
    await ensurePseudonym(trx, r.pseudonym, destination, now);
    const study = await trx
      .selectFrom('imaging_study')
      .select('id')
      .where('study_uid', '=', r.studyInstanceUid)
      .executeTakeFirst();
    const studyId = study?.id ?? randomUUID();
    if (!study) {
      await trx
        .insertInto('imaging_study')
        .values({
          id: studyId,
          study_uid: r.studyInstanceUid,
          pseudonym: r.pseudonym.code,
          exam_id: destination.examId,
          study_date: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await trx
      .insertInto('imaging_series')
      .values({
        id: randomUUID(),
        imaging_study_id: studyId,
        series_uid: r.seriesInstanceUid,
        format: 'nifti',
        file_key: r.storeKey,
        series_number: null,
        description: r.seriesDescription,
        modality: 'MR',
        nucleus: r.acquisition.nucleus,
        rows: r.rows,
        columns: r.columns,
        frames: r.frames,
        instances: 1,
        burned_in: 0,
        acquisition_json: JSON.stringify(r.acquisition),
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    imported.push(r);
  }
  await appendAudit(trx, actor, {
    action: 'imaging.nifti.add',
    entityType: 'imaging_import',
    entityId: importId,
    after: {
      examId: destination.examId,
      imported: imported.length,
      skipped: skipped.length,
      originalsKept,
      series: imported.map((r) => r.seriesInstanceUid),
    },
  });
  // A NIfTI series UID derives from its file's key: a skipped one names the very file on record.
  return { imported, skipped, unreferenced: [], orphanOriginals, originalsKept };
}

/** The closing audit event of an import: counts, errors by reason and the de-identification report. */
export async function auditImport(
  trx: Tx,
  actor: Actor,
  importId: string,
  after: Record<string, unknown>,
): Promise<void> {
  await appendAudit(trx, actor, {
    action: 'imaging.import',
    entityType: 'imaging_import',
    entityId: importId,
    after,
  });
}

export async function listExamSeries(db: Kysely<DB>, examId: string): Promise<SeriesSummary[]> {
  const exam = await db.selectFrom('mri_exam').select('id').where('id', '=', examId).executeTakeFirst();
  if (!exam) throw notFound(`MRI exam ${examId}`);
  const rows = await db
    .selectFrom('imaging_series')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .selectAll('imaging_series')
    .select('imaging_study.study_uid')
    .where('imaging_study.exam_id', '=', examId)
    .orderBy('imaging_series.series_number')
    .orderBy('imaging_series.created_at')
    .execute();
  return rows.map(toSeriesSummary);
}

function toSeriesSummary(r: ImagingSeriesTable & { study_uid: string }): SeriesSummary {
  return {
    id: r.id,
    format: r.format === 'nifti' ? 'nifti' : 'dicom',
    studyInstanceUid: r.study_uid,
    seriesInstanceUid: r.series_uid,
    seriesNumber: r.series_number === null ? null : Number(r.series_number),
    seriesDescription: r.description,
    modality: r.modality,
    nucleus: r.nucleus,
    rows: Number(r.rows),
    columns: Number(r.columns),
    frames: Number(r.frames),
    instances: Number(r.instances),
    burnedInSuspect: Number(r.burned_in) === 1,
    acquisition: JSON.parse(r.acquisition_json) as Record<string, unknown>,
  };
}

const isoDay = (dicomDate: string | null): string | null =>
  dicomDate && /^\d{8}$/.test(dicomDate)
    ? `${dicomDate.slice(0, 4)}-${dicomDate.slice(4, 6)}-${dicomDate.slice(6, 8)}`
    : null;

/** The inbox: studies imported without a participant or exam, oldest first. */
export async function listInbox(db: Kysely<DB>): Promise<InboxStudy[]> {
  const studies = await db
    .selectFrom('imaging_study')
    .selectAll()
    .where('exam_id', 'is', null)
    .orderBy('created_at')
    .orderBy('study_uid')
    .execute();
  if (studies.length === 0) return [];
  const series = await db
    .selectFrom('imaging_series')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .selectAll('imaging_series')
    .select('imaging_study.study_uid')
    .where('imaging_study.exam_id', 'is', null)
    .orderBy('imaging_series.series_number')
    .orderBy('imaging_series.series_uid')
    .execute();
  return studies.map((s) => {
    const mine = series.filter((x) => x.imaging_study_id === s.id).map(toSeriesSummary);
    return {
      studyInstanceUid: s.study_uid,
      inboxCode: s.pseudonym,
      studyDate: isoDay(s.study_date),
      receivedAt: s.created_at,
      instances: mine.reduce((n, x) => n + x.instances, 0),
      series: mine,
    };
  });
}

/** An inbox study about to be assigned, with what its files were de-identified under. */
export interface InboxStudyRecord {
  id: string;
  version: number;
  studyInstanceUid: string;
  studyDate: string | null;
  pseudonym: { code: string; dateShiftDays: number };
  /** The participant this patient's images were assigned to before, if any: the only one they may go to. */
  owner: string | null;
}

/** The same original patient (one inbox code) cannot become two participants. */
export const patientConflict = (pseudonym: string, owner: string): ManusError =>
  new ManusError(
    'conflict',
    `Images of this patient (${pseudonym}) belong to ${owner}: a patient's studies cannot go to two participants`,
    [{ path: 'examId', message: `must be an exam of ${owner}` }],
  );

export async function findInboxStudy(db: Kysely<DB>, studyInstanceUid: string): Promise<InboxStudyRecord> {
  const row = await db
    .selectFrom('imaging_study')
    .innerJoin('imaging_pseudonym', 'imaging_pseudonym.code', 'imaging_study.pseudonym')
    .leftJoin('participant', 'participant.id', 'imaging_pseudonym.participant_id')
    .leftJoin('mri_exam', 'mri_exam.id', 'imaging_study.exam_id')
    .select([
      'imaging_study.id',
      'imaging_study.version',
      'imaging_study.study_date',
      'imaging_study.pseudonym',
      'imaging_pseudonym.kind',
      'imaging_pseudonym.date_shift_days',
      'participant.code as linked',
      'mri_exam.exam_code',
    ])
    .where('imaging_study.study_uid', '=', studyInstanceUid)
    .executeTakeFirst();
  if (!row) throw notFound(`Inbox study ${studyInstanceUid}`);
  if (row.exam_code)
    throw new ManusError(
      'conflict',
      `Study ${studyInstanceUid} is already assigned to exam ${row.exam_code}`,
    );
  return {
    id: row.id,
    version: Number(row.version),
    studyInstanceUid,
    studyDate: row.study_date,
    pseudonym: { code: row.pseudonym, dateShiftDays: Number(row.date_shift_days) },
    // A participant code is its own owner (a linked patient's new study waits in the inbox under it).
    owner: row.kind === 'participant' ? row.pseudonym : row.linked,
  };
}

/** One stored file rewritten under the participant's pseudonym. */
export interface InstanceRewrite {
  sopInstanceUid: string;
  storeKey: string;
  size: number;
}

/**
 * Records the assignment of an inbox study to an exam, after its files were rewritten: the study moves to the
 * exam and the participant's pseudonym, each instance points at its rewritten file. A study assigned meanwhile by
 * someone else is a conflict, and nothing is written.
 */
export async function recordAssignment(
  trx: Tx,
  actor: Actor,
  input: {
    study: InboxStudyRecord;
    destination: ImportDestination;
    dateShiftDays: number;
    studyDate: string | null;
    rewrites: readonly InstanceRewrite[];
    deidentification: object;
  },
): Promise<void> {
  const { study, destination } = input;
  const now = nowIso();
  await ensurePseudonym(
    trx,
    { code: destination.participantCode, kind: 'participant', dateShiftDays: input.dateShiftDays },
    destination,
    now,
  );
  // The inbox code stands for one original patient: from now on it is this participant (see linkedInboxCodes).
  // Checked again here, as another assignment of the same patient may have committed meanwhile.
  const inbox = await trx
    .selectFrom('imaging_pseudonym')
    .leftJoin('participant', 'participant.id', 'imaging_pseudonym.participant_id')
    .select(['imaging_pseudonym.kind', 'participant.code'])
    .where('imaging_pseudonym.code', '=', study.pseudonym.code)
    .executeTakeFirstOrThrow();
  if (inbox.kind === 'inbox') {
    if (inbox.code && inbox.code !== destination.participantCode)
      throw patientConflict(study.pseudonym.code, inbox.code);
    await trx
      .updateTable('imaging_pseudonym')
      .set({ participant_id: destination.participantId })
      .where('code', '=', study.pseudonym.code)
      .execute();
  }
  const moved = await trx
    .updateTable('imaging_study')
    .set({
      exam_id: destination.examId,
      pseudonym: destination.participantCode,
      study_date: input.studyDate,
      version: study.version + 1,
      updated_at: now,
    })
    .where('id', '=', study.id)
    .where('version', '=', study.version)
    .where('exam_id', 'is', null)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1)
    throw new ManusError(
      'conflict',
      `Study ${study.studyInstanceUid} was changed by someone else while its files were rewritten; reload and try again`,
    );
  for (const r of input.rewrites) {
    await trx
      .updateTable('imaging_instance')
      .set({ store_key: r.storeKey, size: r.size })
      .where('sop_instance_uid', '=', r.sopInstanceUid)
      .execute();
  }
  await appendAudit(trx, actor, {
    action: 'imaging.study.assign',
    entityType: 'imaging_study',
    entityId: study.id,
    before: { examId: null, pseudonym: study.pseudonym.code, studyDate: study.studyDate },
    after: {
      examId: destination.examId,
      examCode: destination.examCode,
      pseudonym: destination.participantCode,
      studyDate: input.studyDate,
      instances: input.rewrites.length,
      deidentification: input.deidentification,
    },
  });
}

/** One series of an exam, with where its pixels are: instances (DICOM) or one stored file (NIfTI). */
export type ExamSeriesLocation =
  | { format: 'dicom'; studyInstanceUid: string; seriesInstanceUid: string }
  | { format: 'nifti'; fileKey: string };

export async function findExamSeries(
  db: Kysely<DB>,
  examId: string,
  seriesInstanceUid: string,
): Promise<ExamSeriesLocation> {
  const row = await db
    .selectFrom('imaging_series')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .select(['imaging_series.format', 'imaging_series.file_key', 'imaging_study.study_uid'])
    .where('imaging_study.exam_id', '=', examId)
    .where('imaging_series.series_uid', '=', seriesInstanceUid)
    .executeTakeFirst();
  if (!row) throw notFound(`Series ${seriesInstanceUid} of MRI exam ${examId}`);
  if (row.format === 'nifti' && row.file_key) return { format: 'nifti', fileKey: row.file_key };
  return { format: 'dicom', studyInstanceUid: row.study_uid, seriesInstanceUid };
}

/** A UID key's value: one UID, or a list any of which matches (PS3.4 C.2.2.2.2, List of UID Matching). */
export type UidMatch = string | readonly string[];

/** QIDO-RS matching on study attributes; an absent or empty key matches every study. */
export interface StudyMatch {
  studyInstanceUid?: UidMatch | undefined;
  patientId?: string | undefined;
  /** Inclusive 'YYYYMMDD' bounds on the (shifted) study date. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  /** Studies with a series of any of these modalities. */
  modalities?: readonly string[] | undefined;
}

export interface SeriesMatch {
  seriesInstanceUid?: UidMatch | undefined;
  modality?: string | undefined;
  seriesNumber?: number | undefined;
  /** Wild Card Matching (PS3.4 C.2.2.2.4): `*` any run of characters, `?` one; case is ignored. */
  seriesDescription?: string | undefined;
  nucleus?: string | undefined;
}

export interface InstanceMatch {
  sopInstanceUid?: UidMatch | undefined;
  sopClassUid?: UidMatch | undefined;
  instanceNumber?: number | undefined;
}

export interface Page {
  limit: number;
  offset: number;
}

export type StudyQuery = StudyMatch & Page;
export type SeriesQuery = StudyMatch & SeriesMatch & Page;
/** Without a page, every matching instance: what WADO-RS retrieves of a study, a series or an instance. */
export type InstanceQuery = StudyMatch & SeriesMatch & InstanceMatch & Partial<Page>;

const uidList = (uids: UidMatch): readonly string[] => (typeof uids === 'string' ? [uids] : uids);

/**
 * Wild Card Matching (PS3.4 C.2.2.2.4) as LIKE: `*` and `?` become `%` and `_`, while a `%`, `_` or `\` in the
 * value stands for itself. Case-sensitive, as the standard requires for every VR but PN (LIKE is case-sensitive on
 * both engines: see the SQLite connection).
 */
function wildcard(column: string, pattern: string): Expression<SqlBool> {
  const like = pattern
    .replace(/[\\%_]/g, '\\$&')
    .replaceAll('*', '%')
    .replaceAll('?', '_');
  return sql<SqlBool>`${sql.ref(column)} like ${like} escape '\\'`;
}

function studyConditions(m: StudyMatch): Expression<SqlBool>[] {
  const eb = expressionBuilder<DB, 'imaging_study'>();
  const out: Expression<SqlBool>[] = [];
  if (m.studyInstanceUid?.length) out.push(eb('imaging_study.study_uid', 'in', uidList(m.studyInstanceUid)));
  if (m.patientId) out.push(eb('imaging_study.pseudonym', '=', m.patientId));
  if (m.dateFrom) out.push(eb('imaging_study.study_date', '>=', m.dateFrom));
  if (m.dateTo) out.push(eb('imaging_study.study_date', '<=', m.dateTo));
  if (m.modalities?.length)
    out.push(
      eb.exists(
        eb
          .selectFrom('imaging_series as study_series')
          .select('study_series.id')
          .whereRef('study_series.imaging_study_id', '=', 'imaging_study.id')
          .where('study_series.format', '=', 'dicom')
          .where('study_series.modality', 'in', m.modalities),
      ),
    );
  return out;
}

function seriesConditions(m: SeriesMatch): Expression<SqlBool>[] {
  const eb = expressionBuilder<DB, 'imaging_series'>();
  const out: Expression<SqlBool>[] = [];
  if (m.seriesInstanceUid?.length)
    out.push(eb('imaging_series.series_uid', 'in', uidList(m.seriesInstanceUid)));
  if (m.modality) out.push(eb('imaging_series.modality', '=', m.modality));
  if (m.seriesNumber !== undefined) out.push(eb('imaging_series.series_number', '=', m.seriesNumber));
  if (m.seriesDescription) out.push(wildcard('imaging_series.description', m.seriesDescription));
  if (m.nucleus) out.push(eb('imaging_series.nucleus', '=', m.nucleus));
  return out;
}

function instanceConditions(m: InstanceMatch): Expression<SqlBool>[] {
  const eb = expressionBuilder<DB, 'imaging_instance'>();
  const out: Expression<SqlBool>[] = [];
  if (m.sopInstanceUid?.length)
    out.push(eb('imaging_instance.sop_instance_uid', 'in', uidList(m.sopInstanceUid)));
  if (m.sopClassUid?.length) out.push(eb('imaging_instance.sop_class_uid', 'in', uidList(m.sopClassUid)));
  if (m.instanceNumber !== undefined) out.push(eb('imaging_instance.instance_number', '=', m.instanceNumber));
  return out;
}

export interface StoredStudy {
  studyInstanceUid: string;
  patientId: string;
  studyDate: string | null;
  examId: string | null;
  modalities: string[];
  series: number;
  instances: number;
}

/** QIDO-RS study search over the records (never over the files), ordered by UID. */
export async function findStudies(db: Kysely<DB>, query: StudyQuery): Promise<StoredStudy[]> {
  const studies = await db
    .selectFrom('imaging_study')
    .selectAll()
    // NIfTI-only pseudo-studies are not DICOM studies: DICOMweb never lists them.
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('imaging_series')
          .select('imaging_series.id')
          .whereRef('imaging_series.imaging_study_id', '=', 'imaging_study.id')
          .where('imaging_series.format', '=', 'dicom'),
      ),
    )
    .where((eb) => eb.and(studyConditions(query)))
    .orderBy('study_uid')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  if (studies.length === 0) return [];
  const series = await db
    .selectFrom('imaging_series')
    .select(['imaging_study_id', 'modality', 'instances'])
    .where(
      'imaging_study_id',
      'in',
      studies.map((s) => s.id),
    )
    .where('format', '=', 'dicom')
    .execute();
  return studies.map((s) => {
    const mine = series.filter((x) => x.imaging_study_id === s.id);
    return {
      studyInstanceUid: s.study_uid,
      patientId: s.pseudonym,
      studyDate: s.study_date,
      examId: s.exam_id,
      modalities: [...new Set(mine.map((x) => x.modality))].sort(),
      series: mine.length,
      instances: mine.reduce((n, x) => n + Number(x.instances), 0),
    };
  });
}

/** QIDO-RS series search, matching study and series attributes; ordered by study, then series number. */
export async function findSeries(db: Kysely<DB>, query: SeriesQuery): Promise<SeriesSummary[]> {
  const rows = await db
    .selectFrom('imaging_series')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .selectAll('imaging_series')
    .select('imaging_study.study_uid')
    .where('imaging_series.format', '=', 'dicom')
    .where((eb) => eb.and([...studyConditions(query), ...seriesConditions(query)]))
    .orderBy('imaging_study.study_uid')
    .orderBy('imaging_series.series_number')
    .orderBy('imaging_series.series_uid')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map(toSeriesSummary);
}

export interface StoredInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  frames: number;
  transferSyntaxUid: string;
  store: string;
  storeKey: string;
}

/** Instances matching study, series and instance attributes; ordered by study, series and instance number. */
export async function findInstances(db: Kysely<DB>, query: InstanceQuery): Promise<StoredInstance[]> {
  let q = db
    .selectFrom('imaging_instance')
    .innerJoin('imaging_series', 'imaging_series.id', 'imaging_instance.series_id')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .selectAll('imaging_instance')
    .select(['imaging_series.series_uid', 'imaging_study.study_uid'])
    .where((eb) =>
      eb.and([...studyConditions(query), ...seriesConditions(query), ...instanceConditions(query)]),
    )
    .orderBy('imaging_study.study_uid')
    .orderBy('imaging_series.series_uid')
    .orderBy('imaging_instance.instance_number')
    .orderBy('imaging_instance.sop_instance_uid');
  if (query.limit !== undefined) q = q.limit(query.limit).offset(query.offset ?? 0);
  const rows = await q.execute();
  return rows.map((r) => ({
    studyInstanceUid: r.study_uid,
    seriesInstanceUid: r.series_uid,
    sopInstanceUid: r.sop_instance_uid,
    sopClassUid: r.sop_class_uid,
    instanceNumber: r.instance_number === null ? null : Number(r.instance_number),
    rows: Number(r.rows),
    columns: Number(r.columns),
    frames: Number(r.frames),
    transferSyntaxUid: r.transfer_syntax_uid,
    store: r.store,
    storeKey: r.store_key,
  }));
}

/** Kept originals with the series, study and exam they belong to (a DICOM original through its instance). */
function originalsWithSeries(db: Kysely<DB>) {
  return (
    db
      .selectFrom('imaging_original')
      .leftJoin('imaging_instance', 'imaging_instance.sop_instance_uid', 'imaging_original.uid')
      // A DICOM original is linked through its instance, a NIfTI original directly to its series.
      .leftJoin('imaging_series', (join) =>
        join.on((eb) =>
          eb.or([
            eb('imaging_series.id', '=', eb.ref('imaging_instance.series_id')),
            eb('imaging_series.series_uid', '=', eb.ref('imaging_original.uid')),
          ]),
        ),
      )
      .leftJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
      .leftJoin('mri_exam', 'mri_exam.id', 'imaging_study.exam_id')
  );
}

/** The quarantine, newest first: what the administrator can retrieve. */
export async function listOriginals(
  db: Kysely<DB>,
  page: { limit: number; offset: number },
): Promise<{ items: OriginalEntry[]; total: number }> {
  const rows = await originalsWithSeries(db)
    .select([
      'imaging_original.uid',
      'imaging_original.format',
      'imaging_original.size',
      'imaging_original.created_at',
      'imaging_original.import_id',
      'imaging_study.study_uid',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.pseudonym',
      'mri_exam.id as exam_id',
      'mri_exam.exam_code',
    ])
    .orderBy('imaging_original.created_at', 'desc')
    .orderBy('imaging_original.uid')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await db
    .selectFrom('imaging_original')
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .executeTakeFirstOrThrow();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      uid: r.uid,
      format: r.format === 'nifti' ? 'nifti' : 'dicom',
      size: Number(r.size),
      keptAt: r.created_at,
      importId: r.import_id,
      studyInstanceUid: r.study_uid,
      seriesInstanceUid: r.series_uid,
      seriesDescription: r.description,
      pseudonym: r.pseudonym,
      examId: r.exam_id,
      examCode: r.exam_code,
    })),
  };
}

export async function findOriginal(
  db: Kysely<DB>,
  uid: string,
): Promise<{ uid: string; format: 'dicom' | 'nifti'; storeKey: string; size: number }> {
  const row = await db.selectFrom('imaging_original').selectAll().where('uid', '=', uid).executeTakeFirst();
  if (!row) throw notFound(`Original of ${uid}`);
  return {
    uid: row.uid,
    format: row.format === 'nifti' ? 'nifti' : 'dicom',
    storeKey: row.store_key,
    size: Number(row.size),
  };
}

/** Every retrieval of an original, identifying file is on the audit trail. */
export async function auditOriginalRead(
  trx: Tx,
  actor: Actor,
  original: { uid: string; format: string; size: number },
): Promise<void> {
  await appendAudit(trx, actor, {
    action: 'imaging.original.read',
    entityType: 'imaging_original',
    entityId: original.uid,
    after: { format: original.format, size: original.size },
  });
}

/** A record that names a stored file, with the de-identified context a re-import needs. */
export interface StoredFileRecord {
  /** 'filesystem' or 'orthanc' (the DICOM store an instance was written to), or 'quarantine' (a kept original). */
  store: string;
  format: 'dicom' | 'nifti';
  key: string;
  /** Bytes as stored; null for NIfTI series, whose size is not recorded. */
  size: number | null;
  pseudonym: string | null;
  examCode: string | null;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  seriesDescription: string | null;
  sopInstanceUid: string | null;
}

/** Every stored file a record refers to: DICOM instances, NIfTI series and kept originals. */
export async function listStoredFiles(db: Kysely<DB>): Promise<StoredFileRecord[]> {
  const instances = await db
    .selectFrom('imaging_instance')
    .innerJoin('imaging_series', 'imaging_series.id', 'imaging_instance.series_id')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .leftJoin('mri_exam', 'mri_exam.id', 'imaging_study.exam_id')
    .select([
      'imaging_instance.store',
      'imaging_instance.store_key',
      'imaging_instance.size',
      'imaging_instance.sop_instance_uid',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.study_uid',
      'imaging_study.pseudonym',
      'mri_exam.exam_code',
    ])
    .execute();
  const niftis = await db
    .selectFrom('imaging_series')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .leftJoin('mri_exam', 'mri_exam.id', 'imaging_study.exam_id')
    .select([
      'imaging_series.file_key',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.study_uid',
      'imaging_study.pseudonym',
      'mri_exam.exam_code',
    ])
    .where('imaging_series.format', '=', 'nifti')
    .where('imaging_series.file_key', 'is not', null)
    .execute();
  const originals = await originalsWithSeries(db)
    .select([
      'imaging_original.uid',
      'imaging_original.format',
      'imaging_original.store_key',
      'imaging_original.size',
      'imaging_series.series_uid',
      'imaging_series.description',
      'imaging_study.study_uid',
      'imaging_study.pseudonym',
      'mri_exam.exam_code',
    ])
    .execute();
  return [
    ...instances.map((r) => ({
      store: r.store,
      format: 'dicom' as const,
      key: r.store_key,
      size: Number(r.size),
      pseudonym: r.pseudonym,
      examCode: r.exam_code,
      studyInstanceUid: r.study_uid,
      seriesInstanceUid: r.series_uid,
      seriesDescription: r.description,
      sopInstanceUid: r.sop_instance_uid,
    })),
    ...niftis.map((r) => ({
      store: 'filesystem',
      format: 'nifti' as const,
      key: r.file_key!,
      size: null,
      pseudonym: r.pseudonym,
      examCode: r.exam_code,
      studyInstanceUid: r.study_uid,
      seriesInstanceUid: r.series_uid,
      seriesDescription: r.description,
      sopInstanceUid: null,
    })),
    ...originals.map((r) => {
      const format = r.format === 'nifti' ? ('nifti' as const) : ('dicom' as const);
      return {
        store: 'quarantine',
        format,
        key: r.store_key,
        size: Number(r.size),
        pseudonym: r.pseudonym,
        examCode: r.exam_code,
        studyInstanceUid: r.study_uid,
        seriesInstanceUid: r.series_uid,
        seriesDescription: r.description,
        sopInstanceUid: format === 'dicom' ? r.uid : null,
      };
    }),
  ];
}
