import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { buildApp } from '../server/app.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');

function manus(args: string[], dataDir: string, input = '') {
  const result = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The first run of a real deployment, as the README tells it: migrate, study init, an administrator, serve. */
describe('manus study init', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'manus-study-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('tells how to create the missing study when none exists', () => {
    const file = join(dataDir, 'not-yet.dcm');
    writeFileSync(file, 'not read: the study is looked up first');
    const imported = manus(['import', file], dataDir);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain('run `manus demo` or `manus study init`');
    rmSync(file);
  });

  it('creates the real study once, then refuses with exit 2', () => {
    expect(manus(['migrate'], dataDir).code).toBe(0);
    const init = manus(['study', 'init', '--site-code', 'POI', '--site-name', 'CHU de Poitiers'], dataDir);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({
      nctId: 'NCT04223817',
      synthetic: false,
      site: { code: 'POI', name: 'CHU de Poitiers' },
    });
    const again = manus(['study', 'init'], dataDir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('A study already exists (NCT04223817, site POI)');
    const demo = manus(['demo'], dataDir);
    expect(demo.code).toBe(2);
  });

  it('serves the real study without the synthetic banner, to the administrator added from the CLI', async () => {
    const added = manus(
      ['user', 'add', '--username', 'chief', '--role', 'admin', '--password-stdin'],
      dataDir,
      'a-long-admin-password\n',
    );
    expect(added.code).toBe(0);
    const db = await openDatabase({ dataDir });
    const app = await buildApp({ db, webRoot: '/nonexistent' });
    try {
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json()).toMatchObject({ status: 'ok', demo: false });
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'chief', password: 'a-long-admin-password' },
      });
      expect(login.statusCode).toBe(200);
      const study = await app.inject({
        method: 'GET',
        url: '/api/study',
        cookies: login.cookies.reduce((a, c) => ({ ...a, [c.name]: c.value }), {}),
      });
      expect(study.json()).toMatchObject({ nctId: 'NCT04223817', demo: false, site: { code: 'POI' } });
      // No demo account exists in a real deployment.
      const demoLogin = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'admin', password: 'admin-demo-7T' },
      });
      expect(demoLogin.statusCode).toBe(401);
      const audit = manus(['audit', 'verify'], dataDir);
      expect(JSON.parse(audit.stdout)).toMatchObject({ valid: true, events: expect.any(Number) as unknown });
    } finally {
      await app.close();
      await db.close();
    }
  });
});
