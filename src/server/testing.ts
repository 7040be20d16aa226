import type { Readable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Database } from '../db/connection.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../db/demo/seed.ts';
import type { TestEngine } from '../db/testing/engines.ts';
import { buildApp, type AppOptions } from './app.ts';

/** A logged-in API client over fastify.inject, carrying the session cookie and the CSRF token. */
export interface ApiClient {
  request(method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
  /** POSTs raw bytes (an image upload) instead of JSON; a stream is sent without a length (chunked). */
  upload(url: string, contentType: string, payload: Buffer | Readable): Promise<LightMyRequestResponse>;
}

export interface TestServer {
  app: FastifyInstance;
  db: Database;
  /** Logs in a demo account (password from the seed) or any username/password pair. */
  login(username: string, password?: string): Promise<ApiClient>;
  anonymous: ApiClient;
  close(): Promise<void>;
}

function client(app: FastifyInstance, cookie?: string, csrf?: string): ApiClient {
  const credentials = { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) };
  const request = (method: InjectOptions['method'], url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { ...credentials, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    del: (url) => request('DELETE', url),
    upload: (url, contentType, payload) =>
      app.inject({ method: 'POST', url, headers: { ...credentials, 'content-type': contentType }, payload }),
  };
}

export function demoPassword(username: string): string {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  return account.password;
}

/**
 * Opens a fresh database on the engine, seeds it (the synthetic demo unless told otherwise), and builds the app (no
 * web root).
 */
export async function startTestServer(
  engine: TestEngine,
  options: Partial<Omit<AppOptions, 'db'>> = {},
  seed: (db: Database) => Promise<unknown> = seedDemo,
): Promise<TestServer> {
  const db = await engine.open();
  await seed(db);
  const app = await buildApp({ db, webRoot: '/nonexistent', ...options });
  await app.ready();
  return {
    app,
    db,
    anonymous: client(app),
    async login(username, password) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username, password: password ?? demoPassword(username) },
      });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.body}`);
      const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return client(app, cookie, (response.json() as { csrfToken: string }).csrfToken);
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
