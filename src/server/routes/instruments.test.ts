import { afterAll, beforeAll, expect, it } from 'vitest';
import { getInstrument, INSTRUMENTS } from '../../core/instruments/registry.ts';
import { scoreInstrument } from '../../core/instruments/score.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

const EUSTAR = {
  delta_skin: true,
  mrss: 22,
  digital_ulcers: false,
  tendon_friction_rubs: false,
  crp_mg_l: 12,
  dlco_percent_predicted: 72,
};

describeEachEngine('instruments API', (engine) => {
  let server: TestServer;
  let investigator: ApiClient;
  let radiologist: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    investigator = await server.login('investigator');
    radiologist = await server.login('radiologist');
  });
  afterAll(() => server.close());

  it('lists every instrument with id, version, title, kind, variants and citations', async () => {
    const res = await investigator.get('/api/instruments');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.id)).toEqual(INSTRUMENTS.map((d) => d.id));
    expect(Object.keys(items[0]!).sort()).toEqual([
      'citations',
      'id',
      'kind',
      'title',
      'variants',
      'version',
    ]);
    expect(items.find((i) => i.id === 'eustar-ai-2017')).toMatchObject({
      kind: 'scored',
      variants: [{ name: 'dichotomous' }, { name: 'hybrid' }],
    });
  });

  it('serves one definition as a JSON schema a form can be rendered from', async () => {
    const res = await investigator.get('/api/instruments/labs');
    expect(res.statusCode).toBe(200);
    const schema = res.json();
    expect(schema).toMatchObject({ id: 'labs', kind: 'form', scores: true });
    expect(schema.items.find((i: { id: string }) => i.id === 'crp')).toMatchObject({
      type: 'quantity',
      canonicalUnit: 'mg/L',
      units: { 'mg/L': { multiply: 1, divide: 1 }, 'mg/dL': { multiply: 10, divide: 1 } },
      label: { en: 'C-reactive protein', fr: 'Protéine C réactive' },
      help: { en: expect.any(String), fr: expect.any(String) },
    });
    expect((await investigator.get('/api/instruments/nope')).statusCode).toBe(404);
    expect((await investigator.get('/api/instruments/Not_An_Id')).json().error.fields).toEqual([
      { path: 'params.instrument', code: 'pattern', message: 'must be an instrument id such as mrss' },
    ]);
  });

  it('scores exactly as manus score does, with the variant chosen', async () => {
    for (const variant of [undefined, 'hybrid']) {
      const res = await investigator.post('/api/instruments/eustar-ai-2017/score', {
        values: EUSTAR,
        variant,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(
        JSON.parse(JSON.stringify(scoreInstrument(getInstrument('eustar-ai-2017'), EUSTAR, variant))),
      );
    }
    expect(
      (await investigator.post('/api/instruments/eustar-ai-2017/score', { values: EUSTAR })).json(),
    ).toMatchObject({
      instrument: 'eustar-ai-2017',
      total: 5.25,
      interpretation: 'active',
      variant: 'dichotomous',
    });
  });

  it('refuses bad input with 400, naming every offending item and what it allows', async () => {
    const res = await investigator.post('/api/instruments/eustar-ai-2017/score', {
      values: { ...EUSTAR, mrss: 52, crp_mg_l: 'high', skin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      {
        path: 'skin',
        code: 'unknown_field',
        message: expect.stringContaining('unknown item; allowed items: delta_skin, mrss'),
      },
      { path: 'mrss', code: 'out_of_range', message: expect.stringContaining('an integer from 0 to 51') },
      {
        path: 'crp_mg_l',
        code: 'invalid_type',
        message: expect.stringContaining('a number from 0 to 1000 (mg/L)'),
      },
    ]);
    const variant = await investigator.post('/api/instruments/haq-di/score', {
      values: {},
      variant: 'modified',
    });
    expect(variant.json().error.fields).toEqual([
      { path: 'variant', code: 'invalid_option', message: 'one of: standard, no-aids' },
    ]);
    const form = await investigator.post('/api/instruments/smoking/score', {
      values: { smoking_status: 'never' },
    });
    expect(form.statusCode).toBe(400);
    const body = await investigator.post('/api/instruments/mrss/score', { face: 1 });
    expect(body.json().error.fields[0].path).toBe('body.values');
    expect((await investigator.post('/api/instruments/nope/score', { values: {} })).statusCode).toBe(404);
  });

  it('lets a blinded reader read definitions but not score clinical values', async () => {
    expect((await radiologist.get('/api/instruments')).statusCode).toBe(200);
    expect((await radiologist.get('/api/instruments/mrss')).statusCode).toBe(200);
    expect((await radiologist.post('/api/instruments/mrss/score', { values: {} })).statusCode).toBe(403);
  });
});
