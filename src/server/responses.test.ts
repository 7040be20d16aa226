import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

/** The areas whose responses are declared with a schema of src/core/api (imaging, sodium, DICOMweb, instruments
 * and statistics are not yet). */
const DECLARED_TAGS = [
  'system',
  'session',
  'study',
  'participants',
  'identity',
  'exams',
  'audit',
  'users',
  'forms',
  'queries',
  'analysis',
];

interface Operation {
  tags: string[];
  responses: Record<string, { content?: { 'application/json'?: { schema?: Record<string, unknown> } } }>;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** Responses are declared, documented, and checked: a response that breaks its schema is a 500 in the tests. */
describeEachEngine('declared response schemas', (engine) => {
  let server: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await server.login('admin');
  });
  afterAll(() => server.close());

  it('document the JSON body of every success response of the declared areas in /api/openapi.json', async () => {
    const openApi = (await server.anonymous.get('/api/openapi.json')).json() as OpenApi;
    const undeclared: string[] = [];
    let declared = 0;
    for (const [path, operations] of Object.entries(openApi.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!operation.tags.some((tag) => DECLARED_TAGS.includes(tag))) continue;
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!/^2\d\d$/.test(status) || status === '204') continue;
          const schema = response.content?.['application/json']?.schema;
          if (schema?.type === 'object') declared += 1;
          else undeclared.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
    expect(declared).toBeGreaterThanOrEqual(33);
    const detail = openApi.paths['/api/participants/{code}']!.get!.responses['200']!.content![
      'application/json'
    ]!.schema as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(detail.properties)).toEqual([
      'participant',
      'allowedTransitions',
      'statusHistory',
      'consents',
      'visits',
      'exams',
    ]);
    expect(detail.additionalProperties).toBe(false);
  });

  it('describe a field issue with its code in the error schema', async () => {
    const openApi = (await server.anonymous.get('/api/openapi.json')).json() as {
      components: { schemas: { Error: { properties: { error: { properties: { fields: unknown } } } } } };
    };
    const fields = JSON.stringify(openApi.components.schemas.Error.properties.error.properties.fields);
    expect(fields).toContain('"out_of_range"');
    expect(fields).toContain('"required":["path","code","message"]');
  });

  it('answer 500 when a stored value breaks the response contract, instead of sending it', async () => {
    const listed = (await admin.get('/api/participants?pageSize=1')).json() as { items: { code: string }[] };
    const code = listed.items[0]!.code;
    expect((await admin.get(`/api/participants/${code}`)).statusCode).toBe(200);
    await server.db.kysely
      .updateTable('participant')
      .set({ screening_date: '01/02/2026' })
      .where('code', '=', code)
      .execute();
    const broken = await admin.get(`/api/participants/${code}`);
    expect(broken.statusCode).toBe(500);
    expect(broken.json()).toMatchObject({ error: { code: 'internal' } });
  });

  it('say which field of a refused request is wrong, with a code', async () => {
    const investigator = await server.login('investigator');
    const res = await investigator.post('/api/participants', { arm: 'neither', screeningDate: '2026-02-30' });
    expect(res.statusCode).toBe(400);
    expect(
      (res.json() as { error: { fields: { path: string; code: string }[] } }).error.fields.map((f) => [
        f.path,
        f.code,
      ]),
    ).toEqual([
      ['body.arm', 'invalid_option'],
      ['body.screeningDate', 'pattern'],
    ]);
    const missing = await investigator.post('/api/participants', { arm: 'ssc' });
    expect(missing.json()).toMatchObject({
      error: { fields: [{ path: 'body.screeningDate', code: 'required' }] },
    });
  });
});
