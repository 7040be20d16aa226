import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { createUser } from '../db/repositories/users.ts';
import { TEST_ENGINES } from '../db/testing/engines.ts';
import { testActor } from '../db/testing/fixtures.ts';
import { withTransaction } from '../db/transaction.ts';
import { buildApp } from './app.ts';
import { parseTrustProxy, readTls, type Transport } from './transport.ts';

const PASSWORD = 'violet tractor mango';
const CREDENTIALS = JSON.stringify({ username: 'clerk', password: PASSWORD });

/** The session cookie is Secure exactly when the browser reached the server over HTTPS. */
describe('transport: TLS listener and trusted proxies', () => {
  let db: Database;
  let dir: string;
  let tls: NonNullable<Transport['tls']>;
  beforeAll(async () => {
    db = await TEST_ENGINES[0]!.open();
    await withTransaction(db, (trx) =>
      createUser(trx, testActor, {
        username: 'clerk',
        displayName: 'C',
        role: 'monitor',
        password: PASSWORD,
      }),
    );
    dir = mkdtempSync(join(tmpdir(), 'manus-tls-'));
    execFileSync('openssl', [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...[
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
    ]);
    tls = readTls(join(dir, 'cert.pem'), join(dir, 'key.pem'))!;
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function withApp<T>(transport: Transport, work: (app: FastifyInstance) => Promise<T>): Promise<T> {
    const app = await buildApp({ db, webRoot: '/nonexistent', transport });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  }
  const sessionCookieVia = (app: FastifyInstance, headers: Record<string, string> = {}) =>
    app
      .inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'content-type': 'application/json', ...headers },
        payload: CREDENTIALS,
      })
      .then((res) => String(res.headers['set-cookie']));

  it('ignores X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    const cookie = await withApp({}, (app) => sessionCookieVia(app, { 'x-forwarded-proto': 'https' }));
    expect(cookie).toMatch(/manus_session=/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure when a trusted proxy says the browser used HTTPS', async () => {
    await withApp({ trustProxy: '127.0.0.1' }, async (app) => {
      expect(await sessionCookieVia(app, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
      expect(await sessionCookieVia(app, { 'x-forwarded-proto': 'http' })).not.toMatch(/Secure/);
    });
  });

  it('serves HTTPS itself with a certificate and key, with a Secure cookie and Strict-Transport-Security', async () => {
    await withApp({ tls }, async (app) => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const { cookie, hsts } = await new Promise<{ cookie: string; hsts: unknown }>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/api/session',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            ca: readFileSync(join(dir, 'cert.pem')),
            servername: 'localhost',
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({
                cookie: String(res.headers['set-cookie']),
                hsts: res.headers['strict-transport-security'],
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(CREDENTIALS);
      });
      expect(cookie).toMatch(/manus_session=.*; Secure/);
      expect(hsts).toBe('max-age=31536000');
    });
  });

  const hstsVia = (app: FastifyInstance, headers: Record<string, string> = {}) =>
    app
      .inject({ method: 'GET', url: '/api/health', headers })
      .then((res) => res.headers['strict-transport-security']);

  it('sends Strict-Transport-Security only to a browser that came over HTTPS through a trusted proxy', async () => {
    await withApp({}, async (app) => {
      expect(await hstsVia(app)).toBeUndefined();
      expect(await hstsVia(app, { 'x-forwarded-proto': 'https' })).toBeUndefined();
    });
    await withApp({ trustProxy: '127.0.0.1' }, async (app) => {
      expect(await hstsVia(app, { 'x-forwarded-proto': 'https' })).toBe('max-age=31536000');
      expect(await hstsVia(app, { 'x-forwarded-proto': 'http' })).toBeUndefined();
    });
  });

  it("keeps idle connections as long as Fastify's default, over HTTP and HTTPS", async () => {
    for (const transport of [{}, { tls }])
      expect(await withApp(transport, async (app) => app.server.keepAliveTimeout)).toBe(72_000);
  });

  it('refuses to trust every proxy, and half a TLS configuration', () => {
    expect(parseTrustProxy(' 10.0.0.0/8, 127.0.0.1 ')).toBe('10.0.0.0/8, 127.0.0.1');
    expect(parseTrustProxy(undefined)).toBeUndefined();
    for (const everything of ['true', '*', '2'])
      expect(() => parseTrustProxy(everything)).toThrow(/Refusing to trust every proxy/);
    expect(() => readTls(join(dir, 'cert.pem'), undefined)).toThrow(/both a certificate and its key/);
    expect(() => readTls(join(dir, 'missing.pem'), join(dir, 'key.pem'))).toThrow(/Cannot read/);
  });
});
