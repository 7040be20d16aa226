import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANUS_BIN as BIN, serveProcess, type ServeProcess as Server } from './testing/serve.ts';

/**
 * Two `manus serve` processes on one PostgreSQL database, as a deployment behind a load balancer would run them:
 * sessions, login limits and the audit chain live in the database, so either server must honour what the other
 * did. Runs when TEST_DATABASE_URL is set (a throwaway database is created and dropped).
 */
const baseUrl = process.env.TEST_DATABASE_URL;
const ADMIN_PASSWORD = 'violet tractor mango';

if (!baseUrl && process.env.MANUS_REQUIRE_POSTGRES === '1')
  throw new Error(
    'MANUS_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the two-server test cannot run',
  );
if (!baseUrl) process.stderr.write('NOTICE: TEST_DATABASE_URL is not set; the two-server test is skipped.\n');

describe.skipIf(!baseUrl)('two servers on one PostgreSQL', () => {
  const database = `manus_two_${randomBytes(5).toString('hex')}`;
  let databaseUrl: string;
  let servers: Server[] = [];
  const env = () => ({ ...process.env, DATABASE_URL: databaseUrl, MANUS_DATA_DIR: '' });

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  const serve = (): Promise<Server> => serveProcess(env());

  beforeAll(async () => {
    await admin(`create database ${database}`);
    const url = new URL(baseUrl!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    const added = spawnSync(
      process.execPath,
      [BIN, 'user', 'add', '--username', 'admin', '--role', 'admin', '--password-stdin'],
      { env: env(), input: `${ADMIN_PASSWORD}\n`, encoding: 'utf8', timeout: 60_000 },
    );
    expect(added.status, added.stderr).toBe(0);
    servers = await Promise.all([serve(), serve()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((done) => {
            server.process.once('exit', () => done());
            server.process.kill('SIGTERM');
          }),
      ),
    );
    await admin(`drop database if exists ${database}`);
  }, 60_000);

  const call = (
    server: Server,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  async function login(server: Server, username: string, password: string) {
    const res = await call(server, 'POST', '/api/session', { username, password });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie, 'x-csrf-token': csrfToken };
  }

  it('accepts a session opened on one server on the other, and logs it out everywhere', async () => {
    const [a, b] = servers as [Server, Server];
    const credentials = await login(a, 'admin', ADMIN_PASSWORD);
    const me = await call(b, 'GET', '/api/session', undefined, credentials);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin');
    expect((await call(b, 'DELETE', '/api/session', undefined, credentials)).status).toBe(204);
    expect((await call(a, 'GET', '/api/session', undefined, credentials)).status).toBe(401);
  });

  it('keeps one linear audit chain under concurrent writes through both servers', async () => {
    const sessions = await Promise.all(servers.map((server) => login(server, 'admin', ADMIN_PASSWORD)));
    const writes = Array.from({ length: 8 }, (_, i) => {
      const server = servers[i % 2]!;
      return call(
        server,
        'POST',
        '/api/users',
        {
          username: `monitor-${i}`,
          displayName: `Monitor ${i}`,
          role: 'monitor',
          password: `${ADMIN_PASSWORD} ${i}`,
        },
        sessions[i % 2]!,
      );
    });
    expect((await Promise.all(writes)).map((res) => res.status)).toEqual(Array(8).fill(201));
    const verify = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
      env: env(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: true, firstBrokenSeq: null });
    // Each account creation scores and hashes a password (scrypt) under the write lock: seconds on a busy machine.
  }, 120_000);

  it('shares the login limit: guesses spread over both servers lock the account for that client on both', async () => {
    const [a, b] = servers as [Server, Server];
    for (let i = 0; i < 5; i++)
      expect(
        (await call(i % 2 ? b : a, 'POST', '/api/session', { username: 'monitor-0', password: `guess ${i}` }))
          .status,
      ).toBe(401);
    for (const server of [a, b]) {
      const locked = await call(server, 'POST', '/api/session', {
        username: 'monitor-0',
        password: `${ADMIN_PASSWORD} 0`,
      });
      expect(locked.status).toBe(429);
    }
  });
});
