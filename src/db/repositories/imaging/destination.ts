import type { Kysely } from 'kysely';
import { ManusError } from '../../../core/errors.ts';
import type { DB } from '../../schema.ts';

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
        [{ path: 'exam', code: 'not_found', message: 'no such exam' }],
      );
    const exists = await db
      .selectFrom('participant')
      .select('id')
      .where('code', '=', options.participant!)
      .executeTakeFirst();
    if (!exists)
      throw new ManusError('not_found', `Participant ${options.participant} not found`, [
        { path: 'participant', code: 'not_found', message: 'no such participant' },
      ]);
    throw new ManusError(
      'invalid',
      `Participant ${options.participant} has no MRI exam: register the exam first`,
      [{ path: 'participant', code: 'not_found', message: 'no exam' }],
    );
  }
  throw new ManusError(
    'invalid',
    `Participant ${options.participant} has ${rows.length} MRI exams (${rows.map((r) => r.examCode).join(', ')}): choose one`,
    [{ path: 'exam', code: 'required', message: 'required' }],
  );
}
