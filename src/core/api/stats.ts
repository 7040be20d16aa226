/**
 * Responses of the statistics routes. Each test's result has its own fields (those of its R equivalent, listed by
 * `GET /api/stats`), so a result is declared as a JSON object of JSON values: infinities as the strings "Infinity"
 * and "-Infinity", undefined quantities (R's NA/NaN) as null.
 */
import { z } from 'zod';
import type { JsonValue } from '../stats/json.ts';

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

export const statsTestListSchema = z.strictObject({
  tests: z.array(
    z.strictObject({
      name: z.string(),
      description: z.string(),
      /** The R call whose semantics the test reproduces. */
      r: z.string(),
      /** The JSON Schema of the test's input. */
      input: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const statsResultSchema = z.record(z.string(), jsonValue);
