import { notFound } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { findInstances, type StoredInstance } from '../../db/repositories/imaging.ts';
import { getReadingExam } from '../../db/repositories/reading/exam-readings.ts';
import { ownTask } from './access.ts';

/**
 * The images a reader may retrieve: the DICOM series of their own task's exam, nothing else (404 otherwise), with
 * what blinding them needs: the exam code to show and the participant pseudonym to remove.
 */
export async function taskSeriesInstances(
  db: Database,
  actor: Actor,
  scope: { taskId: string; study: string; series: string; instance?: string },
): Promise<{ examCode: string; pseudonym: string; instances: StoredInstance[] }> {
  const task = await ownTask(db, actor, scope.taskId);
  const study = await db.kysely
    .selectFrom('imaging_study')
    .select('pseudonym')
    .where('study_uid', '=', scope.study)
    .where('exam_id', '=', task.examId)
    .executeTakeFirst();
  const instances = study
    ? await findInstances(db.kysely, {
        studyInstanceUid: scope.study,
        seriesInstanceUid: scope.series,
        sopInstanceUid: scope.instance,
      })
    : [];
  if (!study || instances.length === 0)
    throw notFound(
      `${scope.instance ? `Instance ${scope.instance}` : `Series ${scope.series}`} of this task`,
    );
  const exam = await getReadingExam(db.kysely, { id: task.examId });
  return { examCode: exam.examCode, pseudonym: study.pseudonym, instances };
}
