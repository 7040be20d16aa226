import { afterAll, beforeAll, expect, it } from 'vitest';
import { NCT04223817 } from '../core/study/protocol.ts';
import { passingScreeningForms, testProfile } from '../db/demo/clinical.ts';
import { describeEachEngine } from '../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from './testing.ts';

/** The API as a user meets it: log in, screen a participant, move it through the study, correct it, audit it. */
describeEachEngine('API narrative', (engine) => {
  let server: TestServer;
  let investigator: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    investigator = await server.login('investigator');
  });
  afterAll(() => server.close());

  it('answers health publicly and flags the synthetic demo', async () => {
    const res = await server.anonymous.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', demo: true });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('logs in with an HttpOnly SameSite cookie and reports the role and permissions', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'monitor', password: 'monitor-demo-7T' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatchObject({ name: 'manus_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: `manus_session=${cookie.value}` },
    });
    expect(me.json()).toMatchObject({ user: { username: 'monitor', role: 'monitor' } });
    expect(me.json().permissions).toContain('identity.read');
  });

  it('refuses wrong passwords with 401 and audits the attempt', async () => {
    const res = await server.anonymous.post('/api/session', {
      username: 'investigator',
      password: 'wrong-password',
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
    const failed = await (await server.login('datamanager')).get('/api/audit?action=session.login_failed');
    expect(
      failed
        .json()
        .items.some(
          (e: { action: string; reason: string }) =>
            e.action === 'session.login_failed' && e.reason.startsWith('wrong password'),
        ),
    ).toBe(true);
  });

  it('requires a session for everything but health, login and the API document', async () => {
    expect((await server.anonymous.get('/api/participants')).statusCode).toBe(401);
    expect((await server.anonymous.get('/api/openapi.json')).statusCode).toBe(200);
  });

  it('rejects a cookie-authenticated write without the CSRF token', async () => {
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'investigator', password: 'investigator-demo-7T' },
    });
    const cookie = `manus_session=${login.cookies[0]!.value}`;
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/participants',
      headers: { cookie },
      payload: { arm: 'ssc', screeningDate: '2026-02-01' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('x-csrf-token');
  });

  it('screens, includes and corrects a participant with versions and reasons', async () => {
    const created = await investigator.post('/api/participants', {
      arm: 'control',
      screeningDate: '2026-02-01',
    });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ code: 'P-0051', status: 'screening', version: 1 });

    const refused = await investigator.post(`/api/participants/${p.code}/status`, {
      version: 1,
      status: 'eligible',
      effectiveDate: '2026-02-01',
      reason: 'criteria met',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'forms.mri-safety-7t',
      'forms.eligibility-control',
    ]);
    for (const form of passingScreeningForms(NCT04223817, testProfile('control'))) {
      const saved = await investigator.put(`/api/participants/${p.code}/forms/V0/${form.instrument}`, {
        version: 0,
        values: form.values,
        status: 'complete',
      });
      expect(saved.statusCode, form.instrument).toBe(200);
    }
    const eligible = await investigator.post(`/api/participants/${p.code}/status`, {
      version: 1,
      status: 'eligible',
      effectiveDate: '2026-02-01',
      reason: 'criteria met',
    });
    expect(eligible.statusCode).toBe(200);
    expect(
      (
        await investigator.post(`/api/participants/${p.code}/consents`, {
          consentDate: '2026-02-03',
          documentVersion: 'v2.1',
        })
      ).statusCode,
    ).toBe(201);
    const included = await investigator.post(`/api/participants/${p.code}/status`, {
      version: 2,
      status: 'included',
      effectiveDate: '2026-02-03',
      reason: 'consent signed',
    });
    expect(included.json()).toMatchObject({
      status: 'included',
      fhirStatus: 'on-study',
      inclusionDate: '2026-02-03',
      version: 3,
    });

    const withoutReason = await investigator.patch(`/api/participants/${p.code}`, {
      version: 3,
      screeningDate: '2026-01-31',
    });
    expect(withoutReason.statusCode).toBe(422);
    expect(withoutReason.json().error.fields).toEqual([
      { path: 'reason', code: 'required', message: 'required when changing a complete record' },
    ]);

    const corrected = await investigator.patch(`/api/participants/${p.code}`, {
      version: 3,
      screeningDate: '2026-01-31',
      reason: 'transcription error',
    });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ screeningDate: '2026-01-31', version: 4 });

    const detail = (await investigator.get(`/api/participants/${p.code}`)).json();
    expect(detail.statusHistory.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'screening',
      'eligible',
      'included',
    ]);
    expect(detail.allowedTransitions).toEqual(['completed', 'withdrawn']);
    expect(detail.visits).toHaveLength(2);

    const history = (await (await server.login('monitor')).get(`/api/participants/${p.code}/audit`)).json()
      .items;
    expect(history.map((e: { action: string }) => e.action)).toEqual([
      'participant.create',
      'visit.create',
      'visit.create',
      'form.create',
      'form.create',
      'form.create',
      'participant.status.eligible',
      'consent.create',
      'participant.status.included',
      'participant.update',
    ]);
    expect(history.at(-1)).toMatchObject({
      username: 'investigator',
      role: 'investigator',
      reason: 'transcription error',
      before: { screeningDate: '2026-02-01' },
      after: { screeningDate: '2026-01-31' },
    });
  });

  it('answers 409 to a stale version and keeps the newer value', async () => {
    const p = (
      await investigator.post('/api/participants', { arm: 'ssc', screeningDate: '2026-03-01' })
    ).json();
    expect(
      (await investigator.patch(`/api/participants/${p.code}`, { version: 1, screeningDate: '2026-03-02' }))
        .statusCode,
    ).toBe(200);
    const stale = await investigator.patch(`/api/participants/${p.code}`, {
      version: 1,
      screeningDate: '2026-03-05',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict', fields: [{ path: 'version' }] });
    expect((await investigator.get(`/api/participants/${p.code}`)).json().participant.screeningDate).toBe(
      '2026-03-02',
    );
  });

  it('loses no update when two users race on one record', async () => {
    const p = (
      await investigator.post('/api/participants', { arm: 'ssc', screeningDate: '2026-03-01' })
    ).json();
    const other = await server.login('datamanager');
    const dates = ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15'];
    const results = await Promise.all(
      dates.map((d, i) =>
        (i % 2 ? other : investigator).patch(`/api/participants/${p.code}`, { version: 1, screeningDate: d }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = dates[results.findIndex((r) => r.statusCode === 200)];
    expect((await investigator.get(`/api/participants/${p.code}`)).json().participant).toMatchObject({
      screeningDate: winner,
      version: 2,
    });

    // Each writer retrying with the version it reads: every one of them lands, in some order.
    const retrying = async (client: ApiClient, date: string) => {
      for (;;) {
        const current = (await client.get(`/api/participants/${p.code}`)).json().participant;
        const res = await client.patch(`/api/participants/${p.code}`, {
          version: current.version,
          screeningDate: date,
        });
        if (res.statusCode === 200) return;
        expect(res.statusCode).toBe(409);
      }
    };
    await Promise.all(dates.map((d, i) => retrying(i % 2 ? other : investigator, d)));
    expect((await investigator.get(`/api/participants/${p.code}`)).json().participant.version).toBe(
      2 + dates.length,
    );
    const updates = (await other.get(`/api/audit?entityType=participant&entityId=${p.id}`))
      .json()
      .items.filter((e: { action: string }) => e.action === 'participant.update');
    expect(updates).toHaveLength(1 + dates.length);
  });

  it('reports bad input as 400 with every offending field and its allowed values', async () => {
    const res = await investigator.post('/api/participants', {
      arm: 'scleroderma',
      screeningDate: '2026-02-30',
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('bad_request');
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { path: 'body.arm', code: 'invalid_option', message: 'must be one of: ssc, control' },
        { path: 'body.screeningDate', code: 'pattern', message: 'must be a real calendar date' },
      ]),
    );
    const malformed = await investigator.request('POST', '/api/participants', undefined);
    expect(malformed.statusCode).toBe(400);
    const badJson = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('bad_request');
    expect((await investigator.get('/api/participants?pageSize=100000')).statusCode).toBe(400);
    expect((await investigator.get('/api/participants/not-a-code')).json().error.fields[0].path).toBe(
      'params.code',
    );
    expect((await investigator.get('/api/participants/P-9999')).statusCode).toBe(404);
    expect((await investigator.get('/api/nope')).statusCode).toBe(404);
  });

  it('keeps identity apart: readable by the investigator, every read audited', async () => {
    const identity = await investigator.get('/api/participants/P-0001/identity');
    expect(identity.statusCode).toBe(200);
    expect(identity.json().familyName).toMatch(/^SYNTHETIC /);
    expect((await investigator.get('/api/participants/P-0001')).body).not.toContain('SYNTHETIC');
    const dm = await server.login('datamanager');
    expect((await dm.get('/api/participants/P-0001/identity')).statusCode).toBe(403);
    const reads = (await dm.get('/api/audit?action=identity.read')).json().items;
    expect(reads.at(-1)).toMatchObject({ username: 'investigator', before: null, after: null });
    // The trail records that identity changed, never the identity itself.
    const update = await investigator.put('/api/participants/P-0001/identity', {
      ...(identity.json() as Record<string, unknown>),
      givenName: 'Other',
      reason: 'typo',
    });
    expect(update.statusCode).toBe(200);
    for (let afterSeq: number | null = 0; afterSeq !== null;) {
      const page = await dm.get(`/api/audit?limit=1000&afterSeq=${afterSeq}`);
      expect(page.body).not.toContain('SYNTHETIC');
      afterSeq = (page.json() as { nextAfterSeq: number | null }).nextAfterSeq;
    }
  });

  it('registers an exam with a blinded code and a reading deadline of 7 days', async () => {
    const res = await investigator.post('/api/participants/P-0003/exams', {
      acquiredAt: '2026-04-01T09:30:00Z',
      hands: 'both',
      scanner: '7T',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'acquired', readingDueAt: '2026-04-08T09:30:00.000Z' });
    expect(res.json().examCode).toMatch(/^MR-[A-Z2-9]{8}$/);
  });

  it('rate-limits repeated logins with 429', async () => {
    let last = 0;
    for (let i = 0; i < 8; i++)
      last = (await server.anonymous.post('/api/session', { username: 'nobody', password: 'x' })).statusCode;
    expect(last).toBe(429);
  });

  it('logs out and invalidates the session', async () => {
    const client = await server.login('statistician');
    expect((await client.del('/api/session')).statusCode).toBe(204);
    expect((await client.get('/api/session')).statusCode).toBe(401);
  });

  it('ends with an intact audit chain', async () => {
    const res = await (await server.login('admin')).get('/api/audit/verify');
    expect(res.json()).toMatchObject({ valid: true, firstBrokenSeq: null });
  });
});
