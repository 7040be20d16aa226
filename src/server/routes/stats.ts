import { z } from 'zod';
import { statsResultSchema, statsTestListSchema } from '../../core/api/stats.ts';
import { STATS_TEST_NAMES, STATS_TESTS } from '../../core/stats/registry.ts';
import { defineRoute, type RouteDef } from '../route.ts';

const testName = z.enum(STATS_TEST_NAMES, { message: `must be one of: ${STATS_TEST_NAMES.join(', ')}` });

export const statsRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/stats',
    access: 'stats.run',
    tag: 'stats',
    summary: 'List the statistical tests, each with its R equivalent and the JSON Schema of its input',
    response: statsTestListSchema,
    async handler() {
      return {
        tests: STATS_TEST_NAMES.map((name) => ({
          name,
          description: STATS_TESTS[name].description,
          r: STATS_TESTS[name].r,
          input: z.toJSONSchema(STATS_TESTS[name].input, { io: 'input', unrepresentable: 'any' }),
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/stats/:test',
    access: 'stats.run',
    tag: 'stats',
    summary:
      'Run a statistical test with R semantics; the body is the test input (GET /api/stats lists each schema). ' +
      'Infinite results are the strings "Infinity"/"-Infinity"; undefined ones are null. Runs on a worker thread ' +
      'with a time limit (30 s by default): a test that exceeds it is refused with 422',
    params: z.object({ test: testName }),
    // Each test validates its own input (the same schema as `manus stats`), so the messages name its fields.
    body: z.record(z.string(), z.unknown(), { message: 'must be a JSON object: the input of the test' }),
    response: statsResultSchema,
    async handler({ params, body, request }) {
      return request.server.manusStats.run(params.test, body);
    },
  }),
];
