import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phantomLegend } from '../core/sodium/phantom/phantom.ts';
import { plainPhantom } from '../core/sodium/phantom/testing.ts';
import { writeNifti } from '../imaging/nifti/write.ts';
import { zipStored } from '../imaging/testing/zip.ts';
import { MANUS_BIN as BIN, serveProcess, type ServeProcess as Server } from './testing/serve.ts';

/**
 * Two `manus serve` processes on one PostgreSQL database, as a deployment behind a load balancer would run them:
 * sessions, login limits and the audit chain live in the database, so either server must honour what the other
 * did. Runs when TEST_DATABASE_URL is set (a throwaway database is created and dropped).
 */
const baseUrl = process.env.TEST_DATABASE_URL;
const ADMIN_PASSWORD = 'violet tractor mango';
/**
 * The servers' time limit of a sodium quantification: a job still active after twice this (6 s) is taken for the
 * job of a dead server and retried. The test's phantom takes well under a second.
 */
const SODIUM_TIME_LIMIT_S = 3;

if (!baseUrl && process.env.MANUS_REQUIRE_POSTGRES === '1')
  throw new Error(
    'MANUS_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the two-server test cannot run',
  );
if (!baseUrl) process.stderr.write('NOTICE: TEST_DATABASE_URL is not set; the two-server test is skipped.\n');

describe.skipIf(!baseUrl)('two servers on one PostgreSQL', () => {
  const database = `manus_two_${randomBytes(5).toString('hex')}`;
  let databaseUrl: string;
  /** The image store, shared by both servers as a deployment shares its data folder (or Orthanc). */
  let dataDir: string;
  /** The test's own connection, to look at job states and audit events. */
  let observer: pg.Client;
  let servers: Server[] = [];
  const env = () => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    MANUS_DATA_DIR: dataDir,
    ORTHANC_URL: '',
    MANUS_SODIUM_TIME_LIMIT_S: String(SODIUM_TIME_LIMIT_S),
  });

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
    dataDir = mkdtempSync(join(tmpdir(), 'manus-two-servers-'));
    const init = spawnSync(process.execPath, [BIN, 'study', 'init'], {
      env: env(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(init.status, init.stderr).toBe(0);
    const added = spawnSync(
      process.execPath,
      [BIN, 'user', 'add', '--username', 'admin', '--role', 'admin', '--password-stdin'],
      { env: env(), input: `${ADMIN_PASSWORD}\n`, encoding: 'utf8', timeout: 60_000 },
    );
    expect(added.status, added.stderr).toBe(0);
    observer = new pg.Client({ connectionString: databaseUrl });
    await observer.connect();
    servers = await Promise.all([serve(), serve()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      servers.map((server) => {
        server.process.kill('SIGTERM');
        return server.exited;
      }),
    );
    await observer?.end();
    await admin(`drop database if exists ${database}`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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

  it('ends a third server started on a port in use with exit 1 and the reason, instead of hanging', () => {
    // On PostgreSQL the job queue and the connection pool kept such a server alive, serving nothing, for ever.
    const port = new URL(servers[0]!.url).port;
    const third = spawnSync(process.execPath, [BIN, 'serve', '--port', port], {
      env: env(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(third.status, third.stderr).toBe(1);
    expect(third.stderr).toMatch(`manus: Cannot listen on 127.0.0.1:${port}: the port is already in use`);
  }, 90_000);

  /** A 23Na phantom and its label map uploaded to a new exam, and a physicist's session, for the sodium jobs. */
  let sodium: {
    physicist: Record<string, string>;
    examId: string;
    body: { sodium: { seriesInstanceUid: string }; labels: { seriesInstanceUid: string }; legend: unknown };
  };

  const jobStatus = async (id: string): Promise<string> =>
    (await observer.query<{ status: string }>('select status from sodium_job where id = $1', [id])).rows[0]!
      .status;
  const jobEvents = async (id: string): Promise<string[]> =>
    (
      await observer.query<{ action: string }>(
        "select action from audit_event where entity_type = 'sodium_job' and entity_id = $1 order by seq",
        [id],
      )
    ).rows.map((row) => row.action);
  const quantificationsOf = async (jobId: string): Promise<number> =>
    (
      await observer.query<{ count: string }>(
        "select count(*) from sodium_quantification where parameters_json::jsonb -> 'job' ->> 'id' = $1",
        [jobId],
      )
    ).rows.map((row) => Number(row.count))[0]!;
  async function ended(id: string): Promise<string> {
    for (const started = Date.now(); Date.now() - started < 60_000;) {
      const status = await jobStatus(id);
      if (status === 'succeeded' || status === 'failed') return status;
      await new Promise((next) => setTimeout(next, 50));
    }
    throw new Error(`sodium job ${id} did not end`);
  }
  async function submitSodiumJob(server: Server): Promise<string> {
    const posted = await call(
      server,
      'POST',
      `/api/exams/${sodium.examId}/sodium/jobs`,
      sodium.body,
      sodium.physicist,
    );
    expect(posted.status, await posted.clone().text()).toBe(202);
    return ((await posted.json()) as { id: string }).id;
  }

  it('runs a sodium job submitted to one server once, whichever server takes it', async () => {
    const [a, b] = servers as [Server, Server];
    const adminSession = await login(a, 'admin', ADMIN_PASSWORD);
    for (const role of ['investigator', 'physicist'])
      expect(
        (
          await call(
            a,
            'POST',
            '/api/users',
            { username: role, displayName: role, role, password: `${ADMIN_PASSWORD} ${role}` },
            adminSession,
          )
        ).status,
      ).toBe(201);
    const investigator = await login(a, 'investigator', `${ADMIN_PASSWORD} investigator`);
    const participant = await call(
      a,
      'POST',
      '/api/participants',
      { arm: 'ssc', screeningDate: '2026-05-01' },
      investigator,
    );
    const { code } = (await participant.json()) as { code: string };
    const exam = await call(a, 'POST', `/api/participants/${code}/exams`, {}, investigator);
    expect(exam.status).toBe(201);
    const examId = ((await exam.json()) as { id: string }).id;
    const physicist = await login(a, 'physicist', `${ADMIN_PASSWORD} physicist`);
    const phantom = plainPhantom(48);
    const upload = async (name: string, data: Float32Array | Int16Array, intent: 0 | 1002) => {
      const bytes = writeNifti(
        { dims: phantom.dims, affine: phantom.affine, data, description: 'Manus test phantom', intent },
        { gzip: true },
      );
      const res = await fetch(`${a.url}/api/exams/${examId}/images`, {
        method: 'POST',
        headers: { ...physicist, 'content-type': 'application/zip' },
        body: zipStored([{ name, bytes }]),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const { studies } = (await res.json()) as { studies: { series: { seriesInstanceUid: string }[] }[] };
      return { seriesInstanceUid: studies[0]!.series[0]!.seriesInstanceUid };
    };
    sodium = {
      physicist,
      examId,
      body: {
        sodium: await upload('sodium.nii.gz', phantom.sodium, 0),
        labels: await upload('labels.nii.gz', phantom.labels, 1002),
        legend: phantomLegend(phantom.truth),
      },
    };

    const id = await submitSodiumJob(a);
    expect(await ended(id)).toBe('succeeded');
    const seen = await call(b, 'GET', `/api/sodium/jobs/${id}`, undefined, physicist);
    expect(await seen.json()).toMatchObject({ status: 'succeeded', percent: 100 });
    expect(await jobEvents(id)).toEqual(['sodium.job.create', 'sodium.job.start', 'sodium.job.succeed']);
    expect(await quantificationsOf(id)).toBe(1);
  }, 120_000);

  it('retries the job of servers killed mid-job on the next server, and records it once', async () => {
    const id = await submitSodiumJob(servers[0]!);
    for (const started = Date.now(); (await jobStatus(id)) !== 'running';) {
      expect(Date.now() - started).toBeLessThan(30_000);
      await new Promise((next) => setTimeout(next, 2));
    }
    // Whichever server took the job dies with it: pg-boss keeps it active until it expires.
    await Promise.all(
      servers.map((server) => {
        server.process.kill('SIGKILL');
        return server.exited;
      }),
    );
    const killedAt = Date.now();
    servers = [await serve()];
    expect(await ended(id)).toBe('succeeded');
    process.stderr.write(
      `two-server test: a sodium job killed mid-run was retried and finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill\n`,
    );
    // Started twice (the killed attempt and the retry), finished and recorded once.
    expect(await jobEvents(id)).toEqual([
      'sodium.job.create',
      'sodium.job.start',
      'sodium.job.start',
      'sodium.job.succeed',
    ]);
    expect(await quantificationsOf(id)).toBe(1);
    const verify = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
      env: env(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 120_000);
});
