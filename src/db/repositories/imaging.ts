import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ManusError, notFound } from '../../core/errors.ts';
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

/** What the importer records for one stored instance (identifiers already de-identified). */
export interface InstanceRecord {
  pseudonym: { code: string; kind: 'participant' | 'inbox'; dateShiftDays: number };
  studyInstanceUid: string;
  studyDate: string | null;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  frames: number;
  acquisition: { nucleus: string | null };
  burnedIn: boolean;
  storeKey: string;
  size: number;
}

/**
 * Records a batch of stored instances in one transaction, creating pseudonym, study and series rows as needed.
 * An instance already recorded is skipped (imports are idempotent). One audit event covers the batch.
 */
export async function recordInstances<R extends InstanceRecord>(
  trx: Tx,
  actor: Actor,
  importId: string,
  destination: ImportDestination | null,
  store: string,
  records: readonly R[],
): Promise<{ imported: R[]; skipped: R[] }> {
  const imported: R[] = [];
  const skipped: R[] = [];
  const now = nowIso();
  const studyIds = new Map<string, string>();
  const series = new Map<string, ImagingSeriesTable>();
  for (const r of records) {
    const exists = await trx
      .selectFrom('imaging_instance')
      .select('sop_instance_uid')
      .where('sop_instance_uid', '=', r.sopInstanceUid)
      .executeTakeFirst();
    if (exists) {
      skipped.push(r);
      continue;
    }
    const pseudonym = await trx
      .selectFrom('imaging_pseudonym')
      .select('code')
      .where('code', '=', r.pseudonym.code)
      .executeTakeFirst();
    if (!pseudonym) {
      await trx
        .insertInto('imaging_pseudonym')
        .values({
          code: r.pseudonym.code,
          kind: r.pseudonym.kind,
          participant_id: r.pseudonym.kind === 'participant' ? (destination?.participantId ?? null) : null,
          date_shift_days: r.pseudonym.dateShiftDays,
          created_at: now,
        })
        .execute();
    }
    let studyId = studyIds.get(r.studyInstanceUid);
    if (!studyId) {
      const study = await trx
        .selectFrom('imaging_study')
        .select('id')
        .where('study_uid', '=', r.studyInstanceUid)
        .executeTakeFirst();
      studyId = study?.id ?? randomUUID();
      if (!study) {
        await trx
          .insertInto('imaging_study')
          .values({
            id: studyId,
            study_uid: r.studyInstanceUid,
            pseudonym: r.pseudonym.code,
            exam_id: destination?.examId ?? null,
            study_date: r.studyDate,
            version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      studyIds.set(r.studyInstanceUid, studyId);
    }
    let s =
      series.get(r.seriesInstanceUid) ??
      (await trx
        .selectFrom('imaging_series')
        .selectAll()
        .where('series_uid', '=', r.seriesInstanceUid)
        .executeTakeFirst());
    if (!s) {
      s = {
        id: randomUUID(),
        imaging_study_id: studyId,
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
      };
      await trx.insertInto('imaging_series').values(s).execute();
    }
    s = {
      ...s,
      frames: Number(s.frames) + r.frames,
      instances: Number(s.instances) + 1,
      burned_in: s.burned_in || (r.burnedIn ? 1 : 0),
      version: Number(s.version) + 1,
      updated_at: now,
    };
    series.set(r.seriesInstanceUid, s);
    await trx
      .insertInto('imaging_instance')
      .values({
        sop_instance_uid: r.sopInstanceUid,
        series_id: s.id,
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
      })
      .execute();
    imported.push(r);
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
      series: [...series.values()].map((s) => s.series_uid),
    },
  });
  return { imported, skipped };
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
}

/** Records NIfTI series; one already recorded (same content, same participant) is skipped. */
export async function recordNiftiSeries<R extends NiftiRecord>(
  trx: Tx,
  actor: Actor,
  importId: string,
  destination: ImportDestination,
  records: readonly R[],
): Promise<{ imported: R[]; skipped: R[] }> {
  const imported: R[] = [];
  const skipped: R[] = [];
  const now = nowIso();
  for (const r of records) {
    const exists = await trx
      .selectFrom('imaging_series')
      .select('id')
      .where('series_uid', '=', r.seriesInstanceUid)
      .executeTakeFirst();
    if (exists) {
      skipped.push(r);
      continue;
    }
    const pseudonym = await trx
      .selectFrom('imaging_pseudonym')
      .select('code')
      .where('code', '=', r.pseudonym.code)
      .executeTakeFirst();
    if (!pseudonym) {
      await trx
        .insertInto('imaging_pseudonym')
        .values({
          code: r.pseudonym.code,
          kind: 'participant',
          participant_id: destination.participantId,
          date_shift_days: r.pseudonym.dateShiftDays,
          created_at: now,
        })
        .execute();
    }
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
      series: imported.map((r) => r.seriesInstanceUid),
    },
  });
  return { imported, skipped };
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

export interface SeriesSummary {
  id: string;
  format: 'dicom' | 'nifti';
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  nucleus: string | null;
  rows: number;
  columns: number;
  frames: number;
  instances: number;
  burnedInSuspect: boolean;
  acquisition: Record<string, unknown>;
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
  return rows.map((r) => ({
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
  }));
}

export interface StudyQuery {
  studyInstanceUid?: string | undefined;
  patientId?: string | undefined;
  /** Inclusive 'YYYYMMDD' bounds on the (shifted) study date. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  limit: number;
  offset: number;
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

/** QIDO-RS study search over the records (never over the files). */
export async function findStudies(db: Kysely<DB>, query: StudyQuery): Promise<StoredStudy[]> {
  // NIfTI-only pseudo-studies are not DICOM studies: DICOMweb never lists them.
  let q = db
    .selectFrom('imaging_study')
    .selectAll()
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('imaging_series')
          .select('imaging_series.id')
          .whereRef('imaging_series.imaging_study_id', '=', 'imaging_study.id')
          .where('imaging_series.format', '=', 'dicom'),
      ),
    )
    .orderBy('study_uid')
    .limit(query.limit)
    .offset(query.offset);
  if (query.studyInstanceUid) q = q.where('study_uid', '=', query.studyInstanceUid);
  if (query.patientId) q = q.where('pseudonym', '=', query.patientId);
  if (query.dateFrom) q = q.where('study_date', '>=', query.dateFrom);
  if (query.dateTo) q = q.where('study_date', '<=', query.dateTo);
  const studies = await q.execute();
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

export interface StoredSeries {
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  nucleus: string | null;
  instances: number;
}

export async function findSeries(db: Kysely<DB>, studyInstanceUid: string): Promise<StoredSeries[]> {
  const rows = await db
    .selectFrom('imaging_series')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .selectAll('imaging_series')
    .where('imaging_study.study_uid', '=', studyInstanceUid)
    .where('imaging_series.format', '=', 'dicom')
    .orderBy('imaging_series.series_number')
    .orderBy('imaging_series.series_uid')
    .execute();
  return rows.map((r) => ({
    seriesInstanceUid: r.series_uid,
    seriesNumber: r.series_number === null ? null : Number(r.series_number),
    seriesDescription: r.description,
    modality: r.modality,
    nucleus: r.nucleus,
    instances: Number(r.instances),
  }));
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

/** Instances of a study, of one of its series, or one instance; ordered by instance number. */
export async function findInstances(
  db: Kysely<DB>,
  where: {
    studyInstanceUid: string;
    seriesInstanceUid?: string | undefined;
    sopInstanceUid?: string | undefined;
  },
): Promise<StoredInstance[]> {
  let q = db
    .selectFrom('imaging_instance')
    .innerJoin('imaging_series', 'imaging_series.id', 'imaging_instance.series_id')
    .innerJoin('imaging_study', 'imaging_study.id', 'imaging_series.imaging_study_id')
    .selectAll('imaging_instance')
    .select(['imaging_series.series_uid', 'imaging_study.study_uid'])
    .where('imaging_study.study_uid', '=', where.studyInstanceUid)
    .orderBy('imaging_series.series_uid')
    .orderBy('imaging_instance.instance_number')
    .orderBy('imaging_instance.sop_instance_uid');
  if (where.seriesInstanceUid) q = q.where('imaging_series.series_uid', '=', where.seriesInstanceUid);
  if (where.sopInstanceUid) q = q.where('imaging_instance.sop_instance_uid', '=', where.sopInstanceUid);
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
