import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from '../audit.ts';
import type { Database } from '../connection.ts';
import { screeningLog } from '../repositories/screening-log.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { seedDemo } from './seed.ts';

type Row = {
  arm: string;
  instrument_id: string;
  status: string;
  score_json: string | null;
  values_json: string;
};

describeEachEngine('synthetic demo study', (engine) => {
  let db: Database;
  let forms: Row[];
  beforeAll(async () => {
    db = await engine.open();
    await seedDemo(db, new Date('2026-06-01T12:00:00Z'));
    forms = await db.kysely
      .selectFrom('form_record')
      .innerJoin('participant', 'participant.id', 'form_record.participant_id')
      .select([
        'participant.arm',
        'form_record.instrument_id',
        'form_record.status',
        'form_record.score_json',
        'form_record.values_json',
      ])
      .execute();
  });
  afterAll(() => db.close());

  const scores = (instrument: string) =>
    forms
      .filter((f) => f.instrument_id === instrument)
      .map((f) => JSON.parse(f.score_json!) as Record<string, unknown>);

  it('seeds 30 SSc and 20 control participants, all marked synthetic', async () => {
    const rows = await db.kysely.selectFrom('participant').select(['arm', 'synthetic']).execute();
    expect(rows.filter((r) => r.arm === 'ssc')).toHaveLength(30);
    expect(rows.filter((r) => r.arm === 'control')).toHaveLength(20);
    expect(rows.every((r) => r.synthetic === 1)).toBe(true);
  });

  it('classifies every included SSc patient as SSc by ACR/EULAR 2013', () => {
    expect(scores('acr-eular-2013').filter((s) => s.classification !== 'ssc')).toEqual([]);
  });

  it('gives controls no Raynaud’s phenomenon, and only eligibility forms of their arm', () => {
    const control = forms.filter((f) => f.arm === 'control' && f.instrument_id === 'eligibility-control');
    expect(control.length).toBeGreaterThan(15);
    const raynaud = control.map(
      (f) => (JSON.parse(f.values_json) as { raynaud_phenomenon: boolean }).raynaud_phenomenon,
    );
    expect(raynaud.filter(Boolean)).toHaveLength(1); // the one control screened out for Raynaud's phenomenon
    expect(forms.some((f) => f.arm === 'control' && f.instrument_id === 'mrss')).toBe(false);
  });

  it('has plausible scores: mRSS within 0-51 and agreeing with the EUSTAR index input', () => {
    const mrss = scores('mrss').map((s) => s.total as number);
    expect(Math.min(...mrss)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...mrss)).toBeLessThanOrEqual(40);
    const eustarInputs = forms
      .filter((f) => f.instrument_id === 'eustar-ai-2017')
      .map((f) => (JSON.parse(f.values_json) as { mrss: number }).mrss)
      .sort();
    expect(eustarInputs).toEqual([...mrss].sort());
  });

  it('includes only participants whose instruments allow it, and logs why the others are not', async () => {
    const log = await screeningLog(db.kysely);
    const ineligible = log.filter((e) => e.status === 'ineligible');
    expect(ineligible.map((e) => e.arm).sort()).toEqual(['control', 'ssc']);
    expect(ineligible.map((e) => e.blockers.map((b) => b.message))).toEqual(
      ineligible.map((e) => [`excluded by: ${e.arm === 'ssc' ? 'overlap_syndrome' : 'raynaud_phenomenon'}`]),
    );
    expect(
      log.filter((e) => e.status === 'eligible').every((e) => e.blockers.every((b) => b.path === 'consent')),
    ).toBe(true);
  });

  it('is internally consistent: no form carries a soft-range or cross-form warning', async () => {
    const flagged = await db.kysely
      .selectFrom('form_record')
      .select('instrument_id')
      .where('warnings_json', '!=', '[]')
      .execute();
    expect(flagged).toEqual([]);
  });

  it('records signatures, verifications and open queries through the audit trail', async () => {
    expect(forms.filter((f) => f.status === 'locked')).toHaveLength(10);
    const actions = new Set((await listAudit(db.kysely)).map((e) => e.action));
    for (const action of [
      'form.create',
      'form.verify',
      'form.sign',
      'query.open',
      'participant.status.included',
    ])
      expect(actions).toContain(action);
    expect((await verifyAuditChain(db.kysely)).valid).toBe(true);
  });
});
