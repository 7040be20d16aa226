import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { demoPassword, startTestServer, type TestServer } from '../testing.ts';

/** Login limits kept in the database: per account from each client, per client, with locks that end. */
describeEachEngine('login limits', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  const login = (username: string, password: string, client: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress: client,
      payload: { username, password },
    });
  const auditCount = async (action: string) =>
    Number(
      (
        await server.db.kysely
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('locks an account for the guessing client only, so the real user still logs in from elsewhere', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('physicist', 'guess-' + i, '10.0.0.1')).statusCode).toBe(401);
    const refused = await login('physicist', demoPassword('physicist'), '10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/try again in \d+ s/);
    expect((await login('physicist', demoPassword('physicist'), '10.0.0.2')).statusCode).toBe(200);
  });

  it('lets the guessing client in again once the lock ends', async () => {
    await server.db.kysely
      .updateTable('auth_throttle')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('key', '=', 'login:account-client:physicist|10.0.0.1')
      .execute();
    expect((await login('physicist', demoPassword('physicist'), '10.0.0.1')).statusCode).toBe(200);
  });

  it('counts failed logins in the audit trail instead of appending each one', async () => {
    const failedBefore = await auditCount('session.login_failed');
    for (let i = 0; i < 4; i++) await login('statistician', 'guess-' + i, '10.0.1.' + i);
    expect(await auditCount('session.login_failed')).toBe(failedBefore + 1);
    expect((await login('statistician', demoPassword('statistician'), '10.0.1.9')).statusCode).toBe(200);
    const counted = await server.db.kysely
      .selectFrom('audit_event')
      .select('after_json')
      .innerJoin('app_user', 'app_user.id', 'audit_event.entity_id')
      .where('action', '=', 'session.login_failures_counted')
      .where('app_user.username', '=', 'statistician')
      .execute();
    expect(counted).toHaveLength(1);
    expect(JSON.parse(counted[0]!.after_json!)).toMatchObject({ failures: 4 });
  });

  it('stops a client spraying passwords over many account names, auditing a bounded number of events', async () => {
    const before = await auditCount('session.login_failed');
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await login(`sprayed-${i}`, 'Winter2026!', '10.0.2.1')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect(await auditCount('session.login_failed')).toBe(before + 30);
    expect(await auditCount('session.login_locked')).toBeGreaterThanOrEqual(2);
    // The lock is on that client: another one still logs in.
    expect((await login('monitor', demoPassword('monitor'), '10.0.2.2')).statusCode).toBe(200);
    const verify = await (await server.login('admin')).get('/api/audit/verify');
    expect(verify.json()).toMatchObject({ valid: true });
  });
});
