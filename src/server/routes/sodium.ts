import { z } from 'zod';
import {
  participantJointsSchema,
  quantificationListSchema,
  sodiumJobSchema,
  storedQuantificationSchema,
} from '../../core/api/sodium.ts';
import { quantificationReportSchema } from '../../core/sodium/report.ts';
import {
  listExamQuantifications,
  participantJointResults,
  recordQuantification,
} from '../../db/repositories/sodium.ts';
import { withTransaction } from '../../db/transaction.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { dicomUid, participantCodeParams, uuidParams } from '../schemas.ts';

const series = z.strictObject({ seriesInstanceUid: dicomUid });

/** A job's request. The label map is a series of the exam, or a NIfTI file sent inline (within the body limit). */
const jobBody = z.object({
  sodium: series,
  labels: z.union([series, z.strictObject({ niftiBase64: z.base64({ message: 'must be base64' }).min(1) })], {
    message: 'must be { seriesInstanceUid } of a series of the exam, or { niftiBase64 } of a NIfTI label map',
  }),
  legend: z.unknown().refine((v) => v !== undefined, 'required: { "labels": { "<int>": { name, kind } } }'),
  relaxation: z.unknown().optional(),
  receiveField: series.optional(),
  transmitField: series.optional(),
  noiseCorrection: z.boolean({ message: 'must be true or false' }).default(true),
});

export const sodiumRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/exams/:id/sodium',
    access: 'sodium.quantify',
    tag: 'sodium',
    summary:
      'Record a sodium quantification of an MRI exam: the JSON that `manus quantify --json` prints (calibration, ' +
      'ROIs, warnings, parameters). It becomes the exam’s current quantification; the previous one is kept as superseded',
    params: uuidParams,
    body: quantificationReportSchema,
    status: 201,
    response: storedQuantificationSchema,
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => recordQuantification(trx, actor, params.id, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exams/:id/sodium',
    access: 'sodium.read',
    tag: 'sodium',
    summary:
      'The sodium quantifications of an MRI exam, current first: calibration (tubes, fitted line, residuals), ' +
      'per-ROI concentrations, warnings and provenance',
    params: uuidParams,
    response: quantificationListSchema,
    async handler({ db, params }) {
      return { items: await listExamQuantifications(db.kysely, params.id) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exams/:id/sodium/jobs',
    access: 'sodium.quantify',
    tag: 'sodium',
    summary:
      'Quantify an MRI exam’s stored sodium series in the background, with a label map (a series of the exam, or ' +
      'a base64 NIfTI), a legend, and optionally a relaxation model and receive/transmit field series. Answers the ' +
      'queued job; follow it at /api/sodium/jobs/:id. On success it records the exam’s current quantification. ' +
      'Computed on a worker thread with a time limit (the server setting MANUS_SODIUM_TIME_LIMIT_S, 10 min): a job ' +
      'exceeding it fails with the reason',
    params: uuidParams,
    body: jobBody,
    status: 202,
    response: sodiumJobSchema,
    async handler({ params, body, actor, request }) {
      return request.server.manusSodiumJobs.submit(actor, params.id, {
        sodium: body.sodium,
        labels:
          'niftiBase64' in body.labels
            ? { nifti: Buffer.from(body.labels.niftiBase64, 'base64') }
            : body.labels,
        legend: body.legend,
        relaxation: body.relaxation ?? null,
        receiveField: body.receiveField ?? null,
        transmitField: body.transmitField ?? null,
        noiseCorrection: body.noiseCorrection,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sodium/jobs/:id',
    access: 'sodium.read',
    tag: 'sodium',
    summary:
      'A sodium quantification job: status (queued, running, succeeded, failed), percent, error, and the ' +
      'quantification it recorded',
    params: uuidParams,
    response: sodiumJobSchema,
    async handler({ params, request }) {
      return request.server.manusSodiumJobs.get(params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/participants/:code/sodium',
    access: 'sodium.read',
    tag: 'sodium',
    summary:
      'Articular sodium concentration of a participant, per joint, from the current quantification of each exam',
    params: participantCodeParams,
    response: participantJointsSchema,
    async handler({ db, params }) {
      return { joints: await participantJointResults(db.kysely, params.code) };
    },
  }),
];
