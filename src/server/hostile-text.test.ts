import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

/**
 * Text that has no UTF-8 form (lone surrogates) or that PostgreSQL cannot store (NUL) once broke the audit chain
 * for good: the hash was computed over the sent string while the database kept U+FFFD. It is now refused at the
 * boundary with the field named, and the chain stays verifiable whatever arrives.
 */
describeEachEngine('hostile text at the API boundary', (engine) => {
  let server: TestServer;
  let investigator: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    investigator = await server.login('investigator');
  });
  afterAll(() => server.close());

  it('refuses a login whose username holds lone surrogates, before anything is audited', async () => {
    const admin = await server.login('admin');
    const failedLogins = async () =>
      (await admin.get('/api/audit?action=session.login_failed&limit=1000')).json().items.length as number;
    const before = await failedLogins();
    const res = await server.anonymous.post('/api/session', { username: '\udfff\ud800', password: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      {
        path: 'body.username',
        code: 'ill_formed_text',
        message: 'contains a lone UTF-16 surrogate (not valid Unicode text)',
      },
    ]);
    expect(await failedLogins()).toBe(before);
  });

  it('refuses a reason for change holding a lone surrogate or NUL, naming the field, and changes nothing', async () => {
    const created = (
      await investigator.post('/api/participants', { arm: 'ssc', screeningDate: '2026-02-01' })
    ).json();
    for (const reason of ['\ud800', 'typo\u0000']) {
      const res = await investigator.patch(`/api/participants/${created.code}`, {
        version: created.version,
        screeningDate: '2026-01-30',
        reason,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0].path).toBe('body.reason');
    }
    const detail = (await investigator.get(`/api/participants/${created.code}`)).json();
    expect(detail.participant).toMatchObject({ screeningDate: '2026-02-01', version: created.version });
  });

  it('stores combining characters and 4-byte emoji as sent, and the chain still verifies', async () => {
    const created = (
      await investigator.post('/api/participants', { arm: 'ssc', screeningDate: '2026-02-01' })
    ).json();
    const reason = 'corrige\u0301 apre\u0300s relecture 🩻🖐🏽 — 𝔐';
    const res = await investigator.patch(`/api/participants/${created.code}`, {
      version: created.version,
      screeningDate: '2026-01-30',
      reason,
    });
    expect(res.statusCode).toBe(200);
    const admin = await server.login('admin');
    const verified = (await admin.get('/api/audit/verify')).json();
    expect(verified).toMatchObject({ valid: true, firstBrokenSeq: null });
  });
});
