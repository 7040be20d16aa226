import { quantificationReportSchema } from '../../core/sodium/report.ts';
import {
  listExamQuantifications,
  participantJointResults,
  recordQuantification,
} from '../../db/repositories/sodium.ts';
import { withTransaction } from '../../db/transaction.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { participantCodeParams, uuidParams } from '../schemas.ts';

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
    async handler({ db, params }) {
      return { items: await listExamQuantifications(db.kysely, params.id) };
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
    async handler({ db, params }) {
      return { joints: await participantJointResults(db.kysely, params.code) };
    },
  }),
];
