import { describe, expect, it } from 'vitest';
import { INSTRUMENTS, findInstrument, getInstrument } from './registry.ts';
import { scoreInstrument, variantNames } from './score.ts';
import type { ItemDef, LocalizedText } from './types.ts';

const filled = (text: LocalizedText | undefined) =>
  text !== undefined && text.en.trim() !== '' && text.fr.trim() !== '';

/** Every item, with the fields of record lists, as [instrument id, item]. */
const everyItem = (): [string, ItemDef][] =>
  INSTRUMENTS.flatMap((d) =>
    d.items.flatMap((item): [string, ItemDef][] => [
      [d.id, item],
      ...(item.type === 'record-list'
        ? item.fields.map((f): [string, ItemDef] => [`${d.id}.${item.id}`, f])
        : []),
    ]),
  );

describe('the instrument registry', () => {
  it('holds every instrument and form of issue 3 once, under its contract id', () => {
    const ids = INSTRUMENTS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      [
        'acr-eular-2013',
        'autoantibodies',
        'bmi',
        'capillaroscopy',
        'chfs',
        'demographics',
        'eligibility-control',
        'eligibility-ssc',
        'eustar-ai-2017',
        'haq-di',
        'labs',
        'mri-safety-7t',
        'mrss',
        'oral-aperture',
        'organ-involvement',
        'raynaud-condition-score',
        'raynaud-vas',
        'smoking',
        'ssc-haq',
        'ssc-history',
        'treatments',
      ].sort(),
    );
    expect(findInstrument('nope')).toBeUndefined();
    expect(() => getInstrument('nope')).toThrow(expect.objectContaining({ kind: 'bad_request' }));
  });
  it('gives every definition a version, a bilingual title, citations, and a score when it is scored', () => {
    for (const d of INSTRUMENTS) {
      expect(d.version, d.id).toMatch(/^\d+\.\d+\.\d+$/);
      expect(filled(d.title), d.id).toBe(true);
      expect(d.citations.length, d.id).toBeGreaterThan(0);
      if (d.kind === 'scored') expect(d.score, d.id).toBeDefined();
      const names = variantNames(d);
      expect(new Set(names).size, d.id).toBe(names.length);
      for (const v of d.variants ?? []) expect(filled(v.description), `${d.id} ${v.name}`).toBe(true);
    }
  });
  it('uses unique snake_case item ids', () => {
    for (const d of INSTRUMENTS) {
      const ids = d.items.map((i) => i.id);
      expect(new Set(ids).size, d.id).toBe(ids.length);
    }
    for (const [where, item] of everyItem()) expect(item.id, where).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });
  it('labels every item, choice, level and section, and helps every item, in English and French', () => {
    for (const [where, item] of everyItem()) {
      const at = `${where}.${item.id}`;
      expect(filled(item.label), at).toBe(true);
      expect(filled(item.help), at).toBe(true);
      if (item.section) expect(filled(item.section), at).toBe(true);
      if (item.type === 'choice')
        for (const c of item.choices) expect(filled(c.label), `${at}=${c.value}`).toBe(true);
      if (item.type === 'integer' && item.levels) {
        expect(
          item.levels.map((l) => l.value),
          at,
        ).toEqual(Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i));
        for (const l of item.levels) expect(filled(l.label), `${at}=${l.value}`).toBe(true);
      }
    }
  });
  it('gives every item of a screening instrument its rule, so none is asked for nothing', () => {
    for (const id of ['eligibility-ssc', 'eligibility-control', 'mri-safety-7t'])
      for (const item of getInstrument(id).items)
        expect('screening' in item && item.screening !== undefined, `${id}.${item.id}`).toBe(true);
  });
  it('scores empty input in every variant as incomplete, with finite numbers only', () => {
    for (const d of INSTRUMENTS.filter((i) => i.score)) {
      for (const variant of variantNames(d).length ? variantNames(d) : [undefined]) {
        const result = scoreInstrument(d, {}, variant);
        expect(result, `${d.id} ${variant}`).toMatchObject({
          instrument: d.id,
          version: d.version,
          complete: false,
        });
        expect(JSON.parse(JSON.stringify(result)), d.id).toEqual(result);
      }
    }
  });
  it('shares the ACR/EULAR antibody item ids with the autoantibodies form, so one can fill the other', () => {
    const acr = new Set(getInstrument('acr-eular-2013').items.map((i) => i.id));
    const antibodies = getInstrument('autoantibodies')
      .items.map((i) => i.id)
      .filter((id) => acr.has(id));
    expect(antibodies).toEqual(['anticentromere', 'anti_topoisomerase_i', 'anti_rna_polymerase_iii']);
  });
});
