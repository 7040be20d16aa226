import { ManusError } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import {
  createMeasurement,
  deactivateMeasurement,
  listMeasurements,
  updateMeasurement,
  type Measurement,
  type MeasurementInput,
} from '../../db/repositories/reading/measurements.ts';
import { withTransaction } from '../../db/transaction.ts';
import { ownTask, scopeOf } from './access.ts';

/** A reader's measurements on their own task's images; a submitted reading's measurements are locked with it. */

async function editableTask(db: Database, actor: Actor, taskId: string, input?: MeasurementInput) {
  const task = await ownTask(db, actor, taskId);
  if (task.status === 'submitted')
    throw new ManusError('conflict', 'This reading is submitted and locked: its measurements cannot change');
  if (input) {
    const { scope } = await scopeOf(db, task.examId);
    if (!scope.seriesUids.includes(input.seriesUid))
      throw new ManusError('invalid', `Series ${input.seriesUid} is not a series of this exam`, [
        { path: 'seriesUid', code: 'not_found', message: 'not a series of this exam' },
      ]);
  }
  return task;
}

export async function taskMeasurements(db: Database, actor: Actor, taskId: string): Promise<Measurement[]> {
  await ownTask(db, actor, taskId);
  return listMeasurements(db.kysely, taskId);
}

export async function addMeasurement(
  db: Database,
  actor: Actor,
  taskId: string,
  input: MeasurementInput,
): Promise<Measurement> {
  await editableTask(db, actor, taskId, input);
  return withTransaction(db, (trx) => createMeasurement(trx, actor, taskId, input));
}

export async function changeMeasurement(
  db: Database,
  actor: Actor,
  taskId: string,
  id: string,
  input: MeasurementInput & { version: number },
): Promise<Measurement> {
  await editableTask(db, actor, taskId, input);
  const { version, ...values } = input;
  return withTransaction(db, (trx) => updateMeasurement(trx, actor, taskId, id, version, values));
}

export async function removeMeasurement(
  db: Database,
  actor: Actor,
  taskId: string,
  id: string,
  version: number,
): Promise<Measurement> {
  await editableTask(db, actor, taskId);
  return withTransaction(db, (trx) => deactivateMeasurement(trx, actor, taskId, id, version));
}
