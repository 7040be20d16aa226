import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { TEST_ENGINES } from '../db/testing/engines.ts';
import { buildApp } from './app.ts';

/**
 * The web app's files: hashed build assets are cached for good and sent compressed to browsers that accept it; the
 * page that names them is revalidated, so that a new build reaches users at once.
 */
describe('serving the built web app', () => {
  let db: Database;
  let webRoot: string;
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('synthetic '.repeat(400))});`;

  beforeAll(async () => {
    db = await TEST_ENGINES[0]!.open();
    webRoot = mkdtempSync(join(tmpdir(), 'manus-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><script src="/assets/app-Ab12.js"></script>');
    writeFileSync(join(webRoot, 'assets', 'app-Ab12.js'), script);
    writeFileSync(join(webRoot, 'assets', 'app-Ab12.js.gz'), gzipSync(script));
    app = await buildApp({ db, webRoot });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('sends a hashed asset gzipped to a browser that accepts gzip, cacheable for a year', async () => {
    const response = await app.inject({
      url: '/assets/app-Ab12.js',
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(response.rawPayload).toString()).toBe(script);
  });

  it('sends the asset as it is to a client that accepts no encoding', async () => {
    const response = await app.inject({ url: '/assets/app-Ab12.js' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(script);
  });

  it('has the page, and the client-side routes that load it, revalidated', async () => {
    for (const url of ['/', '/participants/P-0001']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect({ url, status: response.statusCode, type: response.headers['content-type'] }).toEqual({
        url,
        status: 200,
        type: expect.stringMatching(/text\/html/),
      });
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('/assets/app-Ab12.js');
    }
  });

  it('keeps API answers out of every cache', async () => {
    const response = await app.inject({ url: '/api/health' });
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
