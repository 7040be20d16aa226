import { z } from 'zod';
import { analysisResultSchema } from '../../core/api/analysis.ts';
import { ADJUST_METHODS } from '../../core/analysis/types.ts';
import { toJsonValue } from '../../core/stats/json.ts';
import { defineRoute, type RouteDef } from '../route.ts';

/** The study outcomes, for statisticians and data managers (`analysis.read`); radiologists, who read blinded, never. */
export const analysisRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/analysis',
    access: 'analysis.read',
    tag: 'analysis',
    summary:
      'Every outcome of the study from the current data: analysis set with exclusion reasons, Table 1, primary and secondary outcomes, reading quality, provenance (snapshot hash, version, parameters); infinite odds ratios are "Infinity". ' +
      'Computed on a worker thread with a time limit (5 min): one exceeding it is refused with 422',
    query: z.object({
      adjust: z
        .enum(ADJUST_METHODS, { message: `must be one of: ${ADJUST_METHODS.join(', ')}` })
        .default('holm'),
    }),
    response: analysisResultSchema,
    async handler({ db, query, request }) {
      // On the analysis worker: a large study takes seconds, which the event loop must not wait for.
      const result = await request.server.manusAnalysis.analyze(db, {
        adjust: query.adjust,
        confidenceLevel: 0.95,
      });
      // The JSON form: infinite odds-ratio limits become "Infinity", which the schema checks.
      return analysisResultSchema.parse(toJsonValue(result));
    },
  }),
];
