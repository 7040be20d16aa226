import { describe, expect, it } from 'vitest';
import { ManusError } from '../errors.ts';
import { agreedReading, consensusReading, disagreements } from './consensus.ts';
import type { Reading } from './findings.ts';
import { normalReading, withFindings, without } from './testing.ts';

const valueOf = (reading: Reading, site: string, item: string) =>
  reading.findings.find((f) => f.site === site && f.item === item)?.value;

describe('disagreements', () => {
  const a = withFindings(normalReading(), [
    { site: 'R.MCP2', item: 'synovitis', value: 1 },
    { site: 'R.bone.lunate', item: 'erosion', value: 2 },
    { site: 'R.artery.digital.3.radial', item: 'artery_status', value: 'thin' },
  ]);
  const b = withFindings(normalReading(), [
    { site: 'R.MCP2', item: 'synovitis', value: 3 }, // both present: no disagreement on presence
    { site: 'R.bone.lunate', item: 'erosion', value: 0 }, // presence differs
    { site: 'R.artery.digital.3.radial', item: 'artery_status', value: 'occluded' }, // not a primary item
    { site: 'L.PIP4', item: 'effusion', value: 1 }, // presence differs
  ]);

  it('by default, sends only a disagreement on lesion presence at a site to adjudication', () => {
    expect(disagreements(a, b)).toEqual([
      { site: 'L.PIP4', item: 'effusion', a: 0, b: 1 },
      { site: 'R.bone.lunate', item: 'erosion', a: 2, b: 0 },
    ]);
  });

  it('with any_difference, sends every differing value', () => {
    expect(disagreements(a, b, 'any_difference').map((d) => `${d.item}@${d.site}`)).toEqual([
      'synovitis@R.MCP2',
      'effusion@L.PIP4',
      'erosion@R.bone.lunate',
      'artery_status@R.artery.digital.3.radial',
    ]);
  });

  it('counts a primary field one reader left empty as a disagreement', () => {
    expect(disagreements(without(a, 'R.MCP3', 'synovitis'), a)).toEqual([
      { site: 'R.MCP3', item: 'synovitis', a: null, b: 0 },
    ]);
    expect(disagreements(without(a, 'R.hand', 'avascular_areas'), a)).toEqual([]);
  });
});

describe('agreedReading', () => {
  const a = withFindings(normalReading(), [
    { site: 'R.MCP2', item: 'synovitis', value: 1 },
    { site: 'R.artery.digital.3.radial', item: 'artery_status', value: 'thin' },
    { site: 'R.artery.digital.3.radial', item: 'artery_reach', value: 'middle' },
    { site: 'R.artery.digital.4.radial', item: 'artery_status', value: 'occluded' },
    { site: 'R.artery.digital.4.radial', item: 'artery_reach', value: 'middle' },
    { site: 'L.vein.digital.2', item: 'venous_return', value: false },
  ]);
  const b = withFindings(normalReading(), [
    { site: 'R.MCP2', item: 'synovitis', value: 2 },
    { site: 'R.artery.digital.3.radial', item: 'artery_status', value: 'occluded' },
    { site: 'R.artery.digital.3.radial', item: 'artery_reach', value: 'distal' },
    { site: 'R.artery.digital.4.radial', item: 'artery_status', value: 'occluded' },
    { site: 'R.artery.digital.4.radial', item: 'artery_reach', value: 'proximal' },
  ]);

  it('keeps the more abnormal value where the reads differ without needing adjudication, in either order', () => {
    for (const agreed of [agreedReading(a, b), agreedReading(b, a)]) {
      expect(valueOf(agreed, 'R.MCP2', 'synovitis')).toBe(2);
      expect(valueOf(agreed, 'L.vein.digital.2', 'venous_return')).toBe(false);
      // Status and reach from the same read: the one with the worse status...
      expect(valueOf(agreed, 'R.artery.digital.3.radial', 'artery_status')).toBe('occluded');
      expect(valueOf(agreed, 'R.artery.digital.3.radial', 'artery_reach')).toBe('distal');
      // ...or, with equal statuses, the more proximal reach.
      expect(valueOf(agreed, 'R.artery.digital.4.radial', 'artery_reach')).toBe('proximal');
      expect(valueOf(agreed, 'R.MCP3', 'synovitis')).toBe(0);
      expect(agreed.findings).toHaveLength(a.findings.length);
      expect(agreed.comments).toBe('');
    }
  });

  it('refuses reads that need adjudication', () => {
    const c = withFindings(b, [{ site: 'R.MCP2', item: 'synovitis', value: 0 }]);
    expect(() => agreedReading(a, c)).toThrow(ManusError);
    expect(() => agreedReading(a, b, 'any_difference')).toThrow(/need adjudication/);
  });
});

describe('consensusReading', () => {
  const a = withFindings(normalReading(), [
    { site: 'R.bone.lunate', item: 'erosion', value: 2 },
    { site: 'R.MCP2', item: 'synovitis', value: 1 },
  ]);
  const b = withFindings(normalReading(), [
    { site: 'L.PIP4', item: 'effusion', value: 1 },
    { site: 'R.MCP2', item: 'synovitis', value: 2 },
  ]);

  it("takes the adjudicator's value for each disputed field and carries over the rest", () => {
    const consensus = consensusReading(
      a,
      b,
      [
        { site: 'R.bone.lunate', item: 'erosion', value: 1 },
        { site: 'L.PIP4', item: 'effusion', value: 0 },
      ],
      { comments: 'lunate erosion confirmed' },
    );
    expect(valueOf(consensus, 'R.bone.lunate', 'erosion')).toBe(1);
    expect(valueOf(consensus, 'L.PIP4', 'effusion')).toBe(0);
    expect(valueOf(consensus, 'R.MCP2', 'synovitis')).toBe(2);
    expect(consensus.findings).toHaveLength(a.findings.length);
    expect(consensus.comments).toBe('lunate erosion confirmed');
  });

  it('needs a choice for every disputed field and for no other', () => {
    const attempt = (choices: Parameters<typeof consensusReading>[2]) => {
      try {
        consensusReading(a, b, choices);
        return [];
      } catch (e) {
        return (e as ManusError).fields.map((f) => f.path);
      }
    };
    expect(attempt([{ site: 'R.bone.lunate', item: 'erosion', value: 1 }])).toEqual(['effusion@L.PIP4']);
    expect(attempt([])).toEqual(['effusion@L.PIP4', 'erosion@R.bone.lunate']);
    expect(
      attempt([
        { site: 'R.bone.lunate', item: 'erosion', value: 1 },
        { site: 'L.PIP4', item: 'effusion', value: 0 },
        { site: 'R.MCP2', item: 'synovitis', value: 3 },
      ]),
    ).toEqual(['synovitis@R.MCP2']);
    expect(
      attempt([
        { site: 'R.bone.lunate', item: 'erosion', value: 11 },
        { site: 'L.PIP4', item: 'effusion', value: 0 },
      ]),
    ).toHaveLength(1);
  });

  it('drops the carried-over reach of an artery the adjudicator calls not visible', () => {
    const c = withFindings(normalReading(), [
      { site: 'R.artery.digital.2.ulnar', item: 'artery_status', value: 'thin' },
    ]);
    const consensus = consensusReading(
      normalReading(),
      c,
      [{ site: 'R.artery.digital.2.ulnar', item: 'artery_status', value: 'not_visible' }],
      { rule: 'any_difference' },
    );
    expect(valueOf(consensus, 'R.artery.digital.2.ulnar', 'artery_status')).toBe('not_visible');
    expect(valueOf(consensus, 'R.artery.digital.2.ulnar', 'artery_reach')).toBeUndefined();
  });
});
