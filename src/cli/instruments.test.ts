import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redcapCsv } from '../core/instruments/dictionary.ts';
import { getInstrument } from '../core/instruments/registry.ts';
import { scoreInstrument } from '../core/instruments/score.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');

/** Runs the real `manus` executable; scoring and the dictionary need no database. */
function manus(args: string[], input = '') {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ACR = {
  skin_thickening_proximal_mcp: false,
  puffy_fingers: true,
  sclerodactyly: true,
  digital_tip_ulcers: false,
  fingertip_pitting_scars: true,
  telangiectasia: false,
  abnormal_nailfold_capillaries: true,
  pulmonary_arterial_hypertension: false,
  interstitial_lung_disease: false,
  raynaud_phenomenon: true,
  anticentromere: true,
  anti_topoisomerase_i: false,
  anti_rna_polymerase_iii: false,
  skin_thickening_sparing_fingers: false,
  better_explained_by_scleroderma_like_disorder: false,
};

describe('manus score and manus export dictionary', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-score-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the contract JSON from a file, the same as the library computes', () => {
    const file = join(dir, 'acr.json');
    writeFileSync(file, JSON.stringify(ACR));
    const run = manus(['score', 'acr-eular-2013', '--input', file]);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual(
      JSON.parse(JSON.stringify(scoreInstrument(getInstrument('acr-eular-2013'), ACR))),
    );
    // sclerodactyly 4 + pitting scars 3 + capillaries 2 + Raynaud 3 + anticentromere 3
    expect(printed).toMatchObject({
      instrument: 'acr-eular-2013',
      total: 15,
      complete: true,
      missing: [],
      classification: 'ssc',
    });
  });

  it('reads standard input and applies the variant', () => {
    const run = manus(
      ['score', 'chfs', '--input', '-', '--variant', 'prorated'],
      JSON.stringify({ chfs_1: 3, chfs_2: 1 }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      total: 36,
      prorated: true,
      variant: 'prorated',
      complete: false,
    });
  });

  it('exits 2 on invalid input, naming every offending item with its allowed values on stderr', () => {
    const run = manus(
      ['score', 'haq-di', '--input', '-'],
      JSON.stringify({ dressing_1: 4, aid_grip: 'yes', hands: 2 }),
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('hands: unknown item; allowed items: dressing_1, dressing_2');
    expect(run.stderr).toContain(
      'dressing_1: must be an integer from 0 to 3, or a missing-data code (NASK, UNK, NA, ND)',
    );
    expect(run.stderr).toContain('aid_grip: must be true or false');
  });

  it('describes an instrument’s items as JSON, and lists instruments and screening item ids in --help', () => {
    const describe = manus(['score', 'mri-safety-7t', '--describe']);
    expect(describe.code).toBe(0);
    const schema = JSON.parse(describe.stdout);
    expect(schema).toMatchObject({ id: 'mri-safety-7t', kind: 'scored' });
    expect(schema.items[0]).toMatchObject({
      id: 'pregnancy',
      type: 'boolean',
      screening: { effect: 'excludes', when: true },
      allowed: 'true or false',
    });
    const help = manus(['score', '--help']);
    expect(help.code).toBe(0);
    for (const text of [
      'acr-eular-2013',
      'chfs',
      'hybrid',
      'no-aids',
      'Items of eligibility-ssc',
      'meets_acr_eular_2013',
      'Items of mri-safety-7t',
    ])
      expect(help.stdout).toContain(text);
    expect(help.stdout).toMatch(/age_years\s+Below 18 excludes \(integer\)/);
  });

  it('exports the REDCap data dictionary to a file, and refuses unknown formats and languages with exit 2', () => {
    const out = join(dir, 'dictionary.csv');
    expect(manus(['export', 'dictionary', '--format', 'redcap', '--lang', 'fr', '--out', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(redcapCsv(undefined, 'fr'));
    const bad = manus(['export', 'dictionary', '--format', 'odm', '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('format: one of: redcap, json');
    expect(bad.stderr).toContain('lang: one of: en, fr');
  });

  it('exports the JSON data dictionary to standard output', () => {
    const run = manus(['export', 'dictionary', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).instruments).toHaveLength(21);
  });
});
