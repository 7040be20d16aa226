import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../../../core/audit/hash-chain.ts';
import { notFound } from '../../../core/errors.ts';
import type { Actor } from '../../actor.ts';
import { appendAudit } from '../../audit.ts';
import type { DB, ReadingMeasurementTable } from '../../schema.ts';
import type { Tx } from '../../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso } from '../../versioning.ts';

/** Measurements a reader draws on the images, in patient coordinates (mm); deleting one only deactivates it. */

export const MEASUREMENT_TOOLS = ['Length', 'EllipticalROI', 'Probe'] as const;
export type MeasurementTool = (typeof MEASUREMENT_TOOLS)[number];

export type PatientPoint = [number, number, number];

export interface MeasurementInput {
  tool: MeasurementTool;
  seriesUid: string;
  sopInstanceUid: string;
  frame: number;
  points: PatientPoint[];
  stats: Record<string, number | null>;
  label: string;
}

export interface Measurement extends MeasurementInput {
  id: string;
  taskId: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const toMeasurement = (r: ReadingMeasurementTable): Measurement => ({
  id: r.id,
  taskId: r.task_id,
  tool: r.tool as MeasurementTool,
  seriesUid: r.series_uid,
  sopInstanceUid: r.sop_instance_uid,
  frame: Number(r.frame),
  points: JSON.parse(r.points_json) as PatientPoint[],
  stats: JSON.parse(r.stats_json) as Measurement['stats'],
  label: r.label,
  active: Number(r.active) === 1,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const audited = ({ createdAt: _c, updatedAt: _u, ...rest }: Measurement) => rest;

export async function getMeasurement(db: Kysely<DB>, taskId: string, id: string): Promise<Measurement> {
  const row = await db
    .selectFrom('reading_measurement')
    .selectAll()
    .where('id', '=', id)
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  if (!row) throw notFound(`Measurement ${id}`);
  return toMeasurement(row);
}

/** The task's measurements still in use, oldest first. */
export async function listMeasurements(db: Kysely<DB>, taskId: string): Promise<Measurement[]> {
  const rows = await db
    .selectFrom('reading_measurement')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toMeasurement);
}

export async function createMeasurement(
  trx: Tx,
  actor: Actor,
  taskId: string,
  input: MeasurementInput,
): Promise<Measurement> {
  const now = nowIso();
  const row: ReadingMeasurementTable = {
    id: randomUUID(),
    task_id: taskId,
    tool: input.tool,
    series_uid: input.seriesUid,
    sop_instance_uid: input.sopInstanceUid,
    frame: input.frame,
    points_json: canonicalJson(input.points),
    stats_json: canonicalJson(input.stats),
    label: input.label,
    active: 1,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('reading_measurement').values(row).execute();
  const measurement = toMeasurement(row);
  await appendAudit(trx, actor, {
    action: 'reading.measurement.create',
    entityType: 'reading_measurement',
    entityId: row.id,
    after: audited(measurement),
  });
  return measurement;
}

async function change(
  trx: Tx,
  actor: Actor,
  taskId: string,
  id: string,
  sentVersion: number,
  values: Partial<ReadingMeasurementTable>,
  action: 'update' | 'delete',
): Promise<Measurement> {
  const before = await getMeasurement(trx, taskId, id);
  if (!before.active) throw notFound(`Measurement ${id}`);
  assertCurrentVersion(`Measurement ${id}`, sentVersion, before.version);
  const result = await trx
    .updateTable('reading_measurement')
    .set({ ...values, version: before.version + 1, updated_at: nowIso() })
    .where('id', '=', id)
    .where('version', '=', sentVersion)
    .executeTakeFirst();
  assertUpdated(`Measurement ${id}`, result, sentVersion);
  const after = await getMeasurement(trx, taskId, id);
  await appendAudit(trx, actor, {
    action: `reading.measurement.${action}`,
    entityType: 'reading_measurement',
    entityId: id,
    before: audited(before),
    after: audited(after),
  });
  return after;
}

export const updateMeasurement = (
  trx: Tx,
  actor: Actor,
  taskId: string,
  id: string,
  sentVersion: number,
  input: MeasurementInput,
): Promise<Measurement> =>
  change(
    trx,
    actor,
    taskId,
    id,
    sentVersion,
    {
      tool: input.tool,
      series_uid: input.seriesUid,
      sop_instance_uid: input.sopInstanceUid,
      frame: input.frame,
      points_json: canonicalJson(input.points),
      stats_json: canonicalJson(input.stats),
      label: input.label,
    },
    'update',
  );

/** Soft delete: the measurement stays on record, inactive. */
export const deactivateMeasurement = (
  trx: Tx,
  actor: Actor,
  taskId: string,
  id: string,
  sentVersion: number,
): Promise<Measurement> => change(trx, actor, taskId, id, sentVersion, { active: 0 }, 'delete');
