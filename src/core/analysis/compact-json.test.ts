import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handFormFields, type Finding } from '../reading/findings.ts';
import { READING_ITEMS, readingItem, type FindingValue, type ItemId } from '../reading/items.ts';
import type { Hands } from '../study/protocol.ts';
import { compactReadingOfJson } from './compact-json.ts';
import { compactReading } from './input.ts';

/** A value on the item's scale, normal or not. */
const valueOf = (item: ItemId): fc.Arbitrary<FindingValue> => {
  const scale = readingItem(item).scale;
  if (scale.type === 'integer') return fc.integer({ min: scale.min, max: scale.max });
  if (scale.type === 'boolean') return fc.boolean();
  return fc.constantFrom(...scale.options.map((o) => o.value));
};

const SERIES_ITEMS = READING_ITEMS.filter((i) => i.sites.scope === 'series').map((i) => i.id);

/**
 * A reading as the reading screens store it: every field of the form in form order, some values abnormal, the reach
 * of an artery not visible left out, series findings in between; then, sometimes, a change that takes it off the
 * fast path (a field dropped, moved or repeated, another value type, spaces in the text).
 */
const storedReading = fc
  .record({
    hands: fc.constantFrom<Hands>('both', 'right', 'left'),
    abnormalRate: fc.constantFrom(0, 0.05, 0.5),
    seed: fc.integer(),
    keyOrder: fc.constantFrom('site-first', 'item-first'),
    change: fc.constantFrom('none', 'none', 'drop', 'swap', 'repeat', 'odd value', 'spaces', 'extra key'),
    series: fc.array(
      fc.record({
        at: fc.nat(),
        uid: fc.constantFrom('1.2.840.1', '1.2.840.2', 'a"}b'),
        item: fc.constantFrom(...SERIES_ITEMS),
      }),
      { maxLength: 3 },
    ),
  })
  .chain((shape) =>
    fc
      .tuple(
        ...handFormFields(shape.hands).map(({ item }) =>
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), valueOf(item)),
        ),
        ...shape.series.map((s) => valueOf(s.item)),
      )
      .map((values) => {
        const fields = handFormFields(shape.hands);
        let findings: Finding[] = fields.map(({ site, item }, i) => {
          const [draw, value] = values[i] as [number, FindingValue];
          return { site, item, value: draw < shape.abnormalRate ? value : readingItem(item).scale.normal };
        });
        const hidden = new Set(
          findings.filter((f) => f.item === 'artery_status' && f.value === 'not_visible').map((f) => f.site),
        );
        findings = findings.filter((f) => f.item !== 'artery_reach' || !hidden.has(f.site));
        shape.series.forEach((s, k) => {
          const value = values[fields.length + k] as FindingValue;
          findings.splice(s.at % (findings.length + 1), 0, { site: `series:${s.uid}`, item: s.item, value });
        });
        const at = Math.abs(shape.seed) % findings.length;
        if (shape.change === 'drop') findings.splice(at, 1);
        if (shape.change === 'swap' && at > 0)
          [findings[at - 1], findings[at]] = [findings[at] as Finding, findings[at - 1] as Finding];
        if (shape.change === 'repeat') findings.push({ ...(findings[at] as Finding), value: 2 });
        if (shape.change === 'odd value') findings[at] = { ...(findings[at] as Finding), value: 'x}' };
        const objects = findings.map((f) =>
          shape.keyOrder === 'site-first'
            ? { site: f.site, item: f.item, value: f.value }
            : { item: f.item, site: f.site, value: f.value },
        );
        if (shape.change === 'extra key') Object.assign(objects[at] as object, { note: 1 });
        return {
          hands: shape.hands,
          text: shape.change === 'spaces' ? JSON.stringify(objects, null, 1) : JSON.stringify(objects),
        };
      }),
  );

describe('compactReadingOfJson', () => {
  it('equals the compact form of the parsed reading, whatever the stored text', () => {
    fc.assert(
      fc.property(storedReading, ({ hands, text }) => {
        expect(compactReadingOfJson(text, hands)).toEqual(
          compactReading({ findings: JSON.parse(text) as Finding[], comments: '' }, hands, []),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('names the fields an incomplete reading leaves empty, and refuses text that is not JSON', () => {
    const fields = handFormFields('right');
    const text = JSON.stringify(
      fields.slice(1).map((f) => ({ ...f, value: readingItem(f.item).scale.normal })),
    );
    expect(compactReadingOfJson(text, 'right')).toEqual({ abnormal: [], unscored: [fields[0]] });
    expect(compactReadingOfJson('[]', 'right').unscored).toHaveLength(fields.length);
    expect(() => compactReadingOfJson(`${text.slice(0, -1)},]`, 'right')).toThrow(SyntaxError);
  });
});
