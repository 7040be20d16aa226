import { afterAll, beforeAll, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
import { passingScreeningForms, testProfile } from '../../db/demo/clinical.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

const MRSS_AREAS = [
  'face',
  'anterior_chest',
  'abdomen',
  'fingers_right',
  'fingers_left',
  'hand_right',
  'hand_left',
  'forearm_right',
  'forearm_left',
  'upper_arm_right',
  'upper_arm_left',
  'thigh_right',
  'thigh_left',
  'leg_right',
  'leg_left',
  'foot_right',
  'foot_left',
];
const mrssValues = (value: number) => Object.fromEntries(MRSS_AREAS.map((a) => [a, value]));

/** The eCRF as the study team uses it: enter, complete, correct with a reason, verify, sign, unlock, query. */
describeEachEngine('eCRF forms', (engine) => {
  let server: TestServer;
  let investigator: ApiClient;
  let monitor: ApiClient;
  let dataManager: ApiClient;
  let code: string;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    investigator = await server.login('investigator');
    monitor = await server.login('monitor');
    dataManager = await server.login('datamanager');
    code = (await investigator.post('/api/participants', { arm: 'ssc', screeningDate: '2026-05-01' })).json()
      .code;
    url = `/api/participants/${code}/forms/V1/mrss`;
  });
  afterAll(() => server.close());

  it('lists the arm’s schedule with every form not started', async () => {
    const items = (await investigator.get(`/api/participants/${code}/forms`)).json().items;
    expect(items.find((f: { instrument: string }) => f.instrument === 'mrss')).toMatchObject({
      visit: 'V1',
      status: 'not_started',
      version: 0,
    });
    expect(items.some((f: { instrument: string }) => f.instrument === 'eligibility-control')).toBe(false);
  });

  it('refuses a form that is not on the participant’s schedule', async () => {
    expect(
      (
        await investigator.put(`/api/participants/${code}/forms/V0/mrss`, {
          version: 0,
          values: {},
          status: 'in_progress',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('saves nothing when a value is out of range, naming each field and the allowed values', async () => {
    const res = await investigator.put(url, {
      version: 0,
      values: { face: 4, elbow: 1 },
      status: 'in_progress',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual(
      expect.arrayContaining([
        {
          path: 'values.face',
          code: 'out_of_range',
          message: expect.stringContaining('an integer from 0 to 3'),
        },
        { path: 'values.elbow', code: 'unknown_field', message: expect.stringContaining('unknown item') },
      ]),
    );
    expect((await investigator.get(url)).json().status).toBe('not_started');
  });

  it('saves a draft, then refuses to complete it while items are unanswered', async () => {
    const draft = await investigator.put(url, {
      version: 0,
      values: { face: 1, fingers_right: 2 },
      status: 'in_progress',
    });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({
      status: 'in_progress',
      version: 1,
      score: { total: null, complete: false },
    });
    const incomplete = await investigator.put(url, { version: 1, values: { face: 1 }, status: 'complete' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.fields).toHaveLength(16);
  });

  it('completes with a missing-data code, and computes the score on the server', async () => {
    const res = await investigator.put(url, {
      version: 1,
      values: { ...mrssValues(1), foot_left: 'ND' },
      status: 'complete',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'complete',
      missingCodes: { foot_left: 'ND' },
      score: { instrument: 'mrss', version: '1.0.0', total: null, missing: ['foot_left'] },
    });
    const full = await investigator.put(url, {
      version: 2,
      values: mrssValues(1),
      status: 'complete',
      reason: 'foot examined after all',
      total: 99,
    });
    expect(full.statusCode).toBe(400); // an unknown top-level field (a client-sent score) is refused
  });

  it('requires a reason to edit a complete form, and audits it', async () => {
    const noReason = await investigator.put(url, { version: 2, values: mrssValues(1), status: 'complete' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.fields).toEqual([
      { path: 'reason', code: 'required', message: 'required when changing a complete record' },
    ]);
    const res = await investigator.put(url, {
      version: 2,
      values: mrssValues(1),
      status: 'complete',
      reason: 'left foot examined after all',
    });
    expect(res.json()).toMatchObject({ version: 3, score: { total: 17, complete: true } });
  });

  it('is verified by the monitor, then signed with the password and a stated meaning', async () => {
    expect((await investigator.post(`${url}/verify`, { version: 3 })).statusCode).toBe(403);
    const verified = await monitor.post(`${url}/verify`, { version: 3 });
    expect(verified.json()).toMatchObject({ status: 'verified', verifiedBy: 'monitor' });
    const wrong = await investigator.post(`${url}/sign`, {
      version: 4,
      password: 'not-my-password',
      meaning: 'approval',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.fields).toEqual([
      { path: 'password', code: 'mismatch', message: 'does not match your login password' },
    ]);
    const signed = await investigator.post(`${url}/sign`, {
      version: 4,
      password: 'investigator-demo-7T',
      meaning: 'approval',
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'locked',
      signature: {
        signedBy: 'investigator',
        signedByName: 'Dr Demo Investigator',
        meaning: 'approval',
        statement: { en: 'I approve the data in this form as accurate and complete.' },
      },
    });
    expect(signed.json().signature.signedAt).toMatch(/Z$/);
  });

  it('refuses edits to a locked form until a data manager unlocks it, voiding the signature', async () => {
    const edit = await investigator.put(url, {
      version: 5,
      values: mrssValues(2),
      status: 'complete',
      reason: 'x',
    });
    expect(edit.statusCode).toBe(409);
    expect((await dataManager.post(`${url}/unlock`, { version: 5 })).statusCode).toBe(400);
    const unlocked = await dataManager.post(`${url}/unlock`, {
      version: 5,
      reason: 'fingers re-scored at source',
    });
    expect(unlocked.json()).toMatchObject({
      status: 'complete',
      signature: null,
      verifiedBy: null,
      version: 6,
    });
    expect(
      (
        await investigator.put(url, {
          version: 6,
          values: mrssValues(2),
          status: 'complete',
          reason: 'fingers re-scored',
        })
      ).json().score.total,
    ).toBe(34);
  });

  it('takes a query through open, answered and closed, each step audited', async () => {
    const opened = await monitor.post(`${url}/queries`, {
      itemId: 'face',
      question: 'Source says 0 for the face: please check.',
    });
    expect(opened.statusCode).toBe(201);
    const query = opened.json();
    expect(query).toMatchObject({
      status: 'open',
      participantCode: code,
      instrumentId: 'mrss',
      itemId: 'face',
    });
    expect((await monitor.post(`${url}/queries`, { itemId: 'nose', question: 'x' })).statusCode).toBe(422);
    expect(
      (await investigator.get(`/api/participants/${code}/forms`))
        .json()
        .items.find((f: { instrument: string }) => f.instrument === 'mrss').openQueries,
    ).toBe(1);
    expect(
      (await investigator.get('/api/queries?status=open')).json().items.map((q: { id: string }) => q.id),
    ).toContain(query.id);

    const answered = await investigator.post(`/api/queries/${query.id}/answer`, {
      version: 1,
      answer: 'Checked: the face is 2 at source; corrected.',
    });
    expect(answered.json()).toMatchObject({ status: 'answered', answeredBy: 'investigator' });
    expect((await investigator.post(`/api/queries/${query.id}/close`, { version: 2 })).statusCode).toBe(403);
    const closed = await monitor.post(`/api/queries/${query.id}/close`, { version: 2, note: 'Resolved.' });
    expect(closed.json()).toMatchObject({ status: 'closed', closedBy: 'monitor' });
    expect(
      (await investigator.post(`/api/queries/${query.id}/answer`, { version: 3, answer: 'again' }))
        .statusCode,
    ).toBe(422);

    const trail = (await dataManager.get(`/api/audit?entityType=query&entityId=${query.id}`)).json().items;
    expect(trail.map((e: { action: string; username: string }) => `${e.action}:${e.username}`)).toEqual([
      'query.open:monitor',
      'query.answer:investigator',
      'query.close:monitor',
    ]);
  });

  it('saves soft-range values with a warning flag', async () => {
    const res = await investigator.put(`/api/participants/${code}/forms/V1/bmi`, {
      version: 0,
      values: { weight_kg: 41, height_cm: 128 },
      status: 'complete',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings).toEqual([
      { path: 'height_cm', code: 'unusual_value', message: 'Unusual height for an adult: check the value' },
    ]);
  });

  it('shows the birth date only to roles that may read identity, and never copies it into the trail', async () => {
    const demographics = '/api/participants/P-0001/forms/V0/demographics';
    const own = (await investigator.get(demographics)).json();
    expect(own.record.values.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(own.maskedItems).toEqual([]);
    const statistician = await server.login('statistician');
    const masked = (await statistician.get(demographics)).json();
    expect(masked.maskedItems).toEqual(['birth_date']);
    expect(masked.record.values).not.toHaveProperty('birth_date');
    expect(masked.record.score.age_years).toBeGreaterThanOrEqual(18);
    const trail = (await dataManager.get(`/api/audit?entityType=form&entityId=${own.record.id}`)).json()
      .items;
    expect(trail[0].after).toMatchObject({ maskedItems: ['birth_date'] });
    expect(JSON.stringify(trail)).not.toContain(own.record.values.birth_date);
  });

  it('warns when an eligibility form contradicts the form that establishes the fact', async () => {
    const acr = Object.fromEntries(
      [
        'skin_thickening_proximal_mcp',
        'puffy_fingers',
        'sclerodactyly',
        'digital_tip_ulcers',
        'fingertip_pitting_scars',
        'telangiectasia',
        'abnormal_nailfold_capillaries',
        'pulmonary_arterial_hypertension',
        'interstitial_lung_disease',
        'raynaud_phenomenon',
        'anticentromere',
        'anti_topoisomerase_i',
        'anti_rna_polymerase_iii',
        'skin_thickening_sparing_fingers',
        'better_explained_by_scleroderma_like_disorder',
      ].map((id) => [id, false]),
    );
    const saved = await investigator.put(`/api/participants/${code}/forms/V0/acr-eular-2013`, {
      version: 0,
      values: { ...acr, raynaud_phenomenon: true },
      status: 'complete',
    });
    expect(saved.json().score).toMatchObject({ classification: 'not_classified' });
    const eligibility = passingScreeningForms(NCT04223817, testProfile('ssc')).find(
      (f) => f.instrument === 'eligibility-ssc',
    )!;
    const res = await investigator.put(`/api/participants/${code}/forms/V0/eligibility-ssc`, {
      version: 0,
      values: eligibility.values,
      status: 'complete',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings).toContainEqual({
      path: 'meets_acr_eular_2013',
      code: 'mismatch',
      message: 'The acr-eular-2013 form says false; this form says true',
    });
  });

  it('keeps forms away from blinded readers', async () => {
    const reader = await server.login('radiologist');
    expect((await reader.get(url)).statusCode).toBe(403);
    expect((await reader.get('/api/queries')).statusCode).toBe(403);
  });
});
