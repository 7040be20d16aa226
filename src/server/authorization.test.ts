import { afterAll, beforeAll, expect, it } from 'vitest';
import { can, ROLES, type Role } from '../core/security/roles.ts';
import { DEMO_ACCOUNTS } from '../db/demo/seed.ts';
import { createUser } from '../db/repositories/users.ts';
import { describeEachEngine } from '../db/testing/engines.ts';
import { withTransaction } from '../db/transaction.ts';
import { API_ROUTES } from './routes/index.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

const SAMPLE_PARAMS: Record<string, string> = {
  code: 'P-0001',
  id: '00000000-0000-4000-8000-000000000000',
  instrument: 'mrss',
  taskId: '00000000-0000-4000-8000-000000000001',
  examCode: 'MR-UNKNOWN',
  study: '1.2.3',
  series: '1.2.3.4',
  instance: '1.2.3.4.5',
  frames: '1',
};
const fill = (url: string) => url.replace(/:([A-Za-z]+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? name);

const IDENTITY_FIELDS = ['familyName', 'givenName', 'birthDate', 'hospitalRecordNumber', 'SYNTHETIC'];
const GROUP_MARKERS = ['"arm"', '"ssc"', '"control"', 'Systemic sclerosis', 'group'];
/** Instrument definitions are the same published literature for every participant; a citation may name a "group". */
const markersOf = (path: string) =>
  path.startsWith('/api/instruments')
    ? [...IDENTITY_FIELDS, ...GROUP_MARKERS.filter((m) => m !== 'group')]
    : [...IDENTITY_FIELDS, ...GROUP_MARKERS];

describeEachEngine('authorisation', (engine) => {
  let server: TestServer;
  const clients = new Map<Role, ApiClient>();
  beforeAll(async () => {
    server = await startTestServer(engine);
    for (const role of ROLES)
      clients.set(role, await server.login(DEMO_ACCOUNTS.find((a) => a.role === role)!.username));
  });
  afterAll(() => server.close());

  it('registers every API route with a declared permission', () => {
    expect(server.app.manusRoutes.length).toBe(API_ROUTES.length + 1);
    for (const route of server.app.manusRoutes)
      expect(route.access, `${route.method} ${route.url}`).toBeTruthy();
  });

  it('allows or denies every route for every role exactly as the permission table says', async () => {
    const outcomes: string[] = [];
    for (const route of API_ROUTES) {
      for (const role of ROLES) {
        // Logging out would end the shared session: use a throwaway one.
        const client =
          route.method === 'DELETE' && route.url === '/api/session'
            ? await server.login(DEMO_ACCOUNTS.find((a) => a.role === role)!.username)
            : clients.get(role)!;
        const response = await client.request(
          route.method,
          fill(route.url),
          route.method === 'GET' ? undefined : {},
        );
        const allowed =
          route.access === 'public' || route.access === 'authenticated' || can(role, route.access);
        const denied = response.statusCode === 403;
        if (allowed === denied)
          outcomes.push(
            `${role} ${route.method} ${route.url}: expected ${allowed ? 'allow' : 'deny'}, got ${response.statusCode}`,
          );
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBeLessThan(500);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('never shows a blinded reader a group, an identity or clinical data, and answers 403 elsewhere', async () => {
    await withTransaction(server.db, (trx) =>
      createUser(
        trx,
        { userId: null, username: 'cli:test', role: 'system', requestId: 't' },
        { username: 'reader-x', displayName: 'X', role: 'radiologist', password: 'reader-x-password' },
      ),
    );
    const reader = await server.login('reader-x', 'reader-x-password');
    const openApi = (await reader.get('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    let answered = 0;
    let forbidden = 0;
    for (const [path, operations] of Object.entries(openApi.paths)) {
      if (!operations.get) continue;
      const response = await reader.get(fill(path.replace(/\{(\w+)\}/g, ':$1')));
      if (response.statusCode === 200) {
        answered += 1;
        for (const marker of markersOf(path))
          expect(response.body, `${path} leaks ${marker}`).not.toContain(marker);
      } else {
        // 404: a reading task that is not theirs does not exist for them.
        expect([403, 404], path).toContain(response.statusCode);
        forbidden += 1;
      }
    }
    expect(answered).toBeGreaterThanOrEqual(4); // health, session, study, worklist
    expect(forbidden).toBeGreaterThan(5);
    // Tasks are assigned one by one: a radiologist with none sees an empty worklist, not every exam.
    expect((await reader.get('/api/reading/worklist')).json()).toEqual({ items: [] });
  });
});
