import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD_ISSUE_CODES } from '../core/errors.ts';
import { can, ROLES, type Role } from '../core/security/roles.ts';
import { DEMO_ACCOUNTS } from '../db/demo/seed.ts';
import { TEST_ENGINES } from '../db/testing/engines.ts';
import { STATUS_OF } from './errors.ts';
import type { RouteDef } from './route.ts';
import { API_ROUTES } from './routes/index.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

/**
 * Generated bodies (and path parameters) sent to every write route as every role: whatever arrives, the server
 * answers without a 5xx, and every refusal has the documented shape. The database engine does not change what a
 * route accepts, so one is enough; the runs per route and role keep the file under a minute on 2 cores.
 */
const RUNS_PERMITTED = 20;
/** A role without the route's permission is refused before its body is read (the authorisation test covers it). */
const RUNS_DENIED = 2;
const runsFor = (route: RouteDef, role: Role): number =>
  route.access === 'public' || route.access === 'authenticated' || can(role, route.access)
    ? RUNS_PERMITTED
    : RUNS_DENIED;

/** Real identifiers of the demo data, so that generated bodies reach the handlers, not only the 404s. */
const SAMPLE_PARAMS: Record<string, string> = {
  code: 'P-0001',
  instrument: 'mrss',
  test: 'fisher-exact',
};

const errorShape = z.strictObject({
  error: z.strictObject({
    code: z.enum(['internal', ...Object.keys(STATUS_OF)]),
    message: z.string().min(1),
    fields: z.array(
      z.strictObject({ path: z.string(), code: z.enum(FIELD_ISSUE_CODES), message: z.string() }),
    ),
  }),
});

/** Text of every kind: any UTF-16 code unit (lone surrogates, NUL), combining marks, 4-byte emoji. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    '\ud800',
    'e\u0301',
    '😀',
    '../../etc/passwd',
    '=1+2',
    'P-0001',
    '0'.repeat(5000),
  ),
);
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(true, false, null, 0, -1, 1e308, 3e8, Number.MAX_SAFE_INTEGER),
);
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

/**
 * Values of the declared type (near its bounds) or, one time in four, of any type: bodies that get past the first
 * check and into the handlers, with a wrong field here and there.
 */
function valueOf(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  const typed = ((): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (alternatives?.length) return fc.oneof(...alternatives.map((a) => valueOf(a, depth + 1)));
    const type = [schema.type].flat()[0];
    const { minimum = -1e6, maximum = 1e6 } = schema;
    switch (type) {
      case 'string':
        return fc.oneof(
          text,
          fc.uuid(),
          fc.constantFrom('2025-01-31', '12:30', 'x'.repeat((schema.maxLength ?? 0) + 1)),
        );
      case 'integer':
        return fc.integer({ min: Math.max(minimum, -1e9) - 1, max: Math.min(maximum, 1e9) + 1 });
      case 'number':
        return fc.oneof(
          fc.double({ min: minimum - 1, max: maximum + 1, noNaN: true }),
          fc.constantFrom(minimum, maximum),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3
          ? fc.constant([])
          : fc.array(valueOf(schema.items ?? {}, depth + 1), { maxLength: 4 });
      case 'object':
        return depth > 3 || !schema.properties
          ? fc.dictionary(text, leaf, { maxKeys: 3 })
          : fc.record(
              Object.fromEntries(
                Object.entries(schema.properties).map(([k, v]) => [k, valueOf(v, depth + 1)]),
              ),
              { requiredKeys: [] },
            );
      default:
        return json;
    }
  })();
  return fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: json });
}

const bodyOf = (route: RouteDef): fc.Arbitrary<unknown> =>
  route.body
    ? valueOf(z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) as JsonSchema)
    : json;

/** A path segment as sent: encoded text, or raw escapes that decode to nothing valid (an encoded lone surrogate). */
const segment = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%', '%ff', '%ed%a0%80', '%00', '..', '0'.repeat(5000)),
);

const paramsOf = (route: RouteDef): fc.Arbitrary<string> => {
  const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
  return fc
    .tuple(...names.map((name) => fc.oneof(fc.constant(SAMPLE_PARAMS[name] ?? crypto.randomUUID()), segment)))
    .map((values) => names.reduce((url, name, i) => url.replace(`:${name}`, values[i] as string), route.url));
};

let server: TestServer;
const clients = new Map<Role, ApiClient>();
beforeAll(async () => {
  server = await startTestServer(TEST_ENGINES[0]!);
  for (const role of ROLES)
    clients.set(role, await server.login(DEMO_ACCOUNTS.find((a) => a.role === role)!.username));
});
afterAll(() => server.close());

it('answers generated bodies on every write route, for every role, without a 5xx and in the error shape', async () => {
  // Logging out would end the shared sessions mid-run.
  const routes = API_ROUTES.filter(
    (r) => r.method !== 'GET' && !(r.method === 'DELETE' && r.url === '/api/session'),
  );
  let tried = 0;
  let expected = 0;
  for (const route of routes)
    for (const role of ROLES) {
      expected += runsFor(route, role);
      await fc.assert(
        fc.asyncProperty(paramsOf(route), bodyOf(route), async (url, body) => {
          tried += 1;
          const res = await clients.get(role)!.request(route.method, url, body);
          expect(res.statusCode, `${route.method} ${url} as ${role}: ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(errorShape.safeParse(res.json()).success, res.body).toBe(true);
        }),
        { numRuns: runsFor(route, role), seed: 12 },
      );
    }
  expect(tried).toBe(expected);
}, 120_000);
