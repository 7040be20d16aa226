import type { Kysely } from 'kysely';
import type { WorklistItem } from '../../core/api/study.ts';
import type { Hands, StudyProtocol } from '../../core/study/protocol.ts';
import { isReadingOverdue, readingDueAt } from '../../core/study/reading-deadline.ts';
import type { ExamStatus } from '../../core/study/records.ts';
import type { DB } from '../schema.ts';

/**
 * The blinded reading worklist: acquired exams by acquisition time, with their due date. It selects from the exam
 * table alone, so no participant, arm or clinical data can reach a reader. `open` leaves out complete exams.
 */
export async function readingWorklist(
  db: Kysely<DB>,
  protocol: StudyProtocol,
  include: 'open' | 'all',
  now = Date.now(),
): Promise<WorklistItem[]> {
  let q = db
    .selectFrom('mri_exam')
    .select(['exam_code', 'acquired_at', 'hands', 'scanner', 'status'])
    .where('acquired_at', 'is not', null);
  if (include === 'open') q = q.where('status', '!=', 'complete');
  const rows = await q.orderBy('acquired_at', 'asc').execute();
  return rows.map((r) => {
    const due = readingDueAt(r.acquired_at!, protocol);
    return {
      examCode: r.exam_code,
      acquiredAt: r.acquired_at!,
      hands: r.hands as Hands,
      scanner: r.scanner,
      status: r.status as ExamStatus,
      readingDueAt: due,
      overdue: isReadingOverdue({ acquiredAt: r.acquired_at, status: r.status, now }, protocol),
    };
  });
}
