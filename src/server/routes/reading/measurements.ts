import { z } from 'zod';
import { measurementListSchema, measurementSchema } from '../../../core/api/reading-responses.ts';
import { measurementBody, measurementChangeBody, measurementDeleteQuery } from '../../../core/api/reading.ts';
import {
  addMeasurement,
  changeMeasurement,
  removeMeasurement,
  taskMeasurements,
} from '../../../services/reading/measurements.ts';
import { defineRoute, type RouteDef } from '../../route.ts';
import { TASK_URL, taskParams } from './reader.ts';

/** The measurements a reader draws on their task's images (patient coordinates, mm); deleting is soft. */

const measurementParams = taskParams.extend({ id: z.uuid({ message: 'must be a measurement id' }) });

export const measurementRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: `${TASK_URL}/measurements`,
    access: 'reading.perform',
    tag: 'reading',
    summary: 'The measurements of your reading task',
    params: taskParams,
    response: measurementListSchema,
    async handler({ db, actor, params }) {
      return { items: await taskMeasurements(db, actor, params.taskId) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${TASK_URL}/measurements`,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'Save a measurement (Length, EllipticalROI or Probe) on a series of your task, in patient coordinates',
    params: taskParams,
    body: measurementBody,
    status: 201,
    response: measurementSchema,
    async handler({ db, actor, params, body }) {
      return addMeasurement(db, actor, params.taskId, body);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: `${TASK_URL}/measurements/:id`,
    access: 'reading.perform',
    tag: 'reading',
    summary: 'Change a measurement of your task (optimistic concurrency on version)',
    params: measurementParams,
    body: measurementChangeBody,
    response: measurementSchema,
    async handler({ db, actor, params, body }) {
      return changeMeasurement(db, actor, params.taskId, params.id, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: `${TASK_URL}/measurements/:id`,
    access: 'reading.perform',
    tag: 'reading',
    summary: 'Delete a measurement of your task (kept on record as inactive, audited); ?version= as read',
    params: measurementParams,
    query: measurementDeleteQuery,
    response: measurementSchema,
    async handler({ db, actor, params, query }) {
      return removeMeasurement(db, actor, params.taskId, params.id, query.version);
    },
  }),
];
