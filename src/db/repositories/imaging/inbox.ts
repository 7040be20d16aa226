import type { Kysely } from 'kysely';
import { ManusError, notFound } from '../../../core/errors.ts';
import type { InboxStudy } from '../../../core/imaging/records.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { DB } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';
import { nowIso } from '../../versioning.ts';
import type { ImportDestination } from './destination.ts';
import { seriesWithStudy } from './joins.ts';
import { ensurePseudonym } from './pseudonyms.ts';
import { toSeriesSummary } from './series.ts';

/** The unassigned inbox: studies imported without a participant or exam, and their assignment to an exam. */

/** An inbox study as recorded: its date is the (shifted) DICOM DA value of its files, YYYYMMDD. */
export type RecordedInboxStudy = Omit<InboxStudy, 'studyDate'> & { dicomStudyDate: string | null };

/** The inbox: studies imported without a participant or exam, oldest first. */
export async function listInboxStudies(db: Kysely<DB>): Promise<RecordedInboxStudy[]> {
  const studies = await db
    .selectFrom('imaging_study')
    .selectAll()
    .where('exam_id', 'is', null)
    .orderBy('created_at')
    .orderBy('study_uid')
    .execute();
  if (studies.length === 0) return [];
  const series = await seriesWithStudy(db)
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
      dicomStudyDate: s.study_date,
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
    [{ path: 'examId', code: 'not_allowed', message: `must be an exam of ${owner}` }],
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
