import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

/**
 * Every success response with a body is a JSON object declared with a schema of src/core/api, except these, which
 * are not JSON: DICOMweb answers DICOM JSON (application/dicom+json, a top-level array keyed by tags) and
 * multipart/related bodies, whose contracts are PS3.18; a thumbnail is a PNG; an original is the imported file; an
 * export is a zip; the outcome report is an HTML or PDF document.
 */
const NOT_JSON_TAGS = ['dicomweb'];
const NOT_JSON_OPERATIONS = [
  'GET /api/exams/{id}/series/{series}/thumbnail',
  'GET /api/imaging/originals/{uid}',
  'GET /api/exports/{id}/download',
  'GET /api/analysis/report',
  'GET /api/reading/tasks/{taskId}/dicomweb/studies/{study}/series/{series}/metadata',
  'GET /api/reading/tasks/{taskId}/dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frames}',
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

  it('document the JSON body of every success response in /api/openapi.json, binary and DICOM bodies excepted', async () => {
    const openApi = (await server.anonymous.get('/api/openapi.json')).json() as OpenApi;
    const undeclared: string[] = [];
    const excepted: string[] = [];
    let declared = 0;
    for (const [path, operations] of Object.entries(openApi.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const notJson =
          operation.tags.some((tag) => NOT_JSON_TAGS.includes(tag)) || NOT_JSON_OPERATIONS.includes(name);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!/^2\d\d$/.test(status) || status === '204') continue;
          const schema = response.content?.['application/json']?.schema;
          if (notJson) excepted.push(schema ? `${name} declares JSON` : name);
          else if (schema?.type === 'object') declared += 1;
          else undeclared.push(`${name} ${status}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
    // The exceptions name real operations that declare no JSON body, so the list cannot go stale.
    expect(excepted.filter((name) => NOT_JSON_OPERATIONS.includes(name)).sort()).toEqual(
      [...NOT_JSON_OPERATIONS].sort(),
    );
    expect(excepted.filter((name) => name.endsWith('declares JSON'))).toEqual([]);
    expect(declared).toBeGreaterThanOrEqual(64);
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
