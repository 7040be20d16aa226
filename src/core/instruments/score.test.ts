import { describe, expect, it } from 'vitest';
import { numberItem, text } from './item-builders.ts';
import { scoreInstrument } from './score.ts';
import type { InstrumentDefinition } from './types.ts';

/** A deliberately broken definition: dividing by an answer of 0 gives Infinity. */
const broken: InstrumentDefinition = {
  id: 'broken',
  version: '0.0.0',
  title: text('Broken', 'Cassé'),
  citations: ['test'],
  kind: 'scored',
  items: [numberItem('x', 'X', 'X', 0, 10, { help: text('x', 'x') })],
  score: ({ values }) => ({
    total: 1 / (values.x as number),
    complete: true,
    missing: [],
    interpretation: null,
    parts: { ratio: [0 / (values.x as number)] },
  }),
};

describe('scoreInstrument', () => {
  it('never lets a non-finite number out: a defect fails loudly instead of printing null', () => {
    expect(scoreInstrument(broken, { x: 4 }).total).toBe(0.25);
    expect(() => scoreInstrument(broken, { x: 0 })).toThrow('non-finite number at broken.total in a score');
    const nanOnly: InstrumentDefinition = {
      ...broken,
      score: (input) => ({ ...broken.score!(input), total: 1 }),
    };
    expect(() => scoreInstrument(nanOnly, { x: 0 })).toThrow('non-finite number at broken.parts.ratio[0]');
  });
});
