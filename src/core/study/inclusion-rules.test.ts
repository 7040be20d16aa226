import { describe, expect, it } from 'vitest';
import { inclusionBlockers, type StoredForm } from './inclusion-rules.ts';

const done = (score: Record<string, unknown>): StoredForm => ({ status: 'complete', score });
const sscForms = (overrides: Record<string, StoredForm> = {}) =>
  new Map(
    Object.entries({
      'mri-safety-7t': done({ eligible: true, reasons: [] }),
      'acr-eular-2013': done({ classification: 'ssc', total: 11 }),
      'eligibility-ssc': done({ eligible: true, reasons: [] }),
      ...overrides,
    }),
  );

describe('inclusion rules', () => {
  it('lets an SSc patient meeting every requirement be included once consent is recorded', () => {
    expect(inclusionBlockers({ arm: 'ssc', target: 'included', consents: 1, forms: sscForms() })).toEqual([]);
    expect(inclusionBlockers({ arm: 'ssc', target: 'included', consents: 0, forms: sscForms() })).toEqual([
      {
        path: 'consent',
        code: 'rule',
        message: 'record the written informed consent first',
        reason: { kind: 'no_consent' },
      },
    ]);
  });

  it('needs consent for inclusion but not for eligibility', () => {
    expect(inclusionBlockers({ arm: 'ssc', target: 'eligible', consents: 0, forms: sscForms() })).toEqual([]);
  });

  it('blocks on a 7 T contraindication, naming the excluding items', () => {
    const forms = sscForms({ 'mri-safety-7t': done({ eligible: false, reasons: ['cardiac_pacemaker'] }) });
    expect(inclusionBlockers({ arm: 'ssc', target: 'eligible', consents: 0, forms })).toEqual([
      {
        path: 'forms.mri-safety-7t',
        code: 'rule',
        message: 'excluded by: cardiac_pacemaker',
        reason: { kind: 'excluded', instrument: 'mri-safety-7t', items: ['cardiac_pacemaker'] },
      },
    ]);
  });

  it('blocks an SSc patient not classified by ACR/EULAR 2013', () => {
    const forms = sscForms({ 'acr-eular-2013': done({ classification: 'not_classified', total: 8 }) });
    expect(inclusionBlockers({ arm: 'ssc', target: 'eligible', consents: 0, forms })[0]?.message).toContain(
      'not_classified',
    );
  });

  it('requires the forms to be complete, not merely started', () => {
    const forms = sscForms({ 'eligibility-ssc': { status: 'in_progress', score: { eligible: true } } });
    expect(inclusionBlockers({ arm: 'ssc', target: 'eligible', consents: 0, forms })).toEqual([
      {
        path: 'forms.eligibility-ssc',
        code: 'rule',
        message: 'complete the eligibility-ssc form first',
        reason: { kind: 'form_incomplete', instrument: 'eligibility-ssc' },
      },
    ]);
  });

  it('checks controls against the control criteria only', () => {
    const forms = new Map([
      ['mri-safety-7t', done({ eligible: true })],
      ['eligibility-control', done({ eligible: false, reasons: ['raynaud_phenomenon'] })],
    ]);
    expect(inclusionBlockers({ arm: 'control', target: 'included', consents: 1, forms })).toMatchObject([
      { path: 'forms.eligibility-control', message: 'excluded by: raynaud_phenomenon' },
    ]);
  });
});
