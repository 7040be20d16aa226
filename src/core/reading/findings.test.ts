import { describe, expect, it } from 'vitest';
import { ManusError } from '../errors.ts';
import {
  bulkNormal,
  changedFindings,
  missingFindings,
  validateFindings,
  type Reading,
  type ReadingScope,
} from './findings.ts';
import { normalReading, SERIES, withFindings, without } from './testing.ts';

const scope: ReadingScope = { hands: 'both', seriesUids: SERIES };
const codes = (findings: { site: string; item: string; value: unknown }[], s = scope) =>
  validateFindings({ findings }, s).map((i) => [i.path, i.code]);

describe('validateFindings', () => {
  it('accepts a complete normal reading', () => {
    expect(validateFindings(normalReading(), scope)).toEqual([]);
  });

  it('names each kind of invalid finding with its code', () => {
    expect(
      codes([
        { site: 'R.MCP9', item: 'synovitis', value: 1 },
        { site: 'R.MCP2', item: 'erosion', value: 1 },
        { site: 'R.MCP2', item: 'synovitis', value: 4 },
        { site: 'R.MCP3', item: 'synovitis', value: 1.5 },
        { site: 'R.MCP4', item: 'synovitis', value: '2' },
        { site: 'R.artery.digital.2.radial', item: 'artery_status', value: 'absent' },
        { site: 'R.bone.phalanx.distal.2', item: 'acro_osteolysis', value: 1 },
        { site: 'R.MCP5', item: 'synovitis', value: 0 },
        { site: 'R.MCP5', item: 'synovitis', value: 1 },
        { site: 'R.MCP5', item: 'swelling', value: 1 },
        { site: 'series:9.9', item: 'image_quality', value: 'diagnostic' },
        { site: 'series:', item: 'image_quality', value: 'diagnostic' },
        { site: 'R.bone.lunate', item: 'erosion', value: 11 },
        { site: 'R.bone.lunate', item: 'bone_oedema', value: -1 },
      ]),
    ).toEqual([
      ['findings.0', 'unknown_site'],
      ['findings.1', 'not_applicable'],
      ['findings.2', 'out_of_range'],
      ['findings.3', 'not_an_integer'],
      ['findings.4', 'not_an_integer'],
      ['findings.5', 'invalid_option'],
      ['findings.6', 'invalid_option'],
      ['findings.8', 'duplicate'],
      ['findings.9', 'unknown_item'],
      ['findings.10', 'unknown_site'],
      ['findings.11', 'unknown_site'],
      ['findings.12', 'out_of_range'],
      ['findings.13', 'out_of_range'],
    ]);
  });

  it('finds duplicates among series fields and fields of no form as among hand fields', () => {
    const series = `series:${SERIES[0]}`;
    expect(
      codes([
        { site: series, item: 'image_quality', value: 'diagnostic' },
        { site: 'R.MCP2', item: 'synovitis', value: 1 },
        { site: series, item: 'image_quality', value: 'limited' },
        { site: 'R.MCP9', item: 'synovitis', value: 1 },
        { site: 'R.MCP9', item: 'synovitis', value: 2 },
        { site: 'R.MCP2', item: 'synovitis', value: 2 },
      ]),
    ).toEqual([
      ['findings.2', 'duplicate'],
      ['findings.3', 'unknown_site'],
      ['findings.4', 'duplicate'],
      ['findings.5', 'duplicate'],
    ]);
  });

  it('applies items only where they are scored', () => {
    expect(
      codes([
        { site: 'R.bone.phalanx.middle.2', item: 'acro_osteolysis', value: true },
        { site: 'R.tendon.extensor.2', item: 'flexor_thickening', value: true },
        { site: 'R.artery.radial', item: 'ulnar_patency', value: 'patent' },
        { site: 'R.hand', item: 'synovitis', value: 0 },
        { site: 'R.region.palm', item: 'calcinosis', value: true },
        { site: 'R.bone.phalanx.distal.2', item: 'calcinosis', value: true },
        { site: 'L.hand', item: 'avascular_areas', value: 3 },
        { site: 'series:1.2.3.4', item: 'synovitis', value: 0 },
      ]),
    ).toEqual([
      ['findings.0', 'not_applicable'],
      ['findings.1', 'not_applicable'],
      ['findings.2', 'not_applicable'],
      ['findings.3', 'not_applicable'],
      ['findings.5', 'not_applicable'],
      ['findings.7', 'not_applicable'],
    ]);
  });

  it('refuses a hand the exam does not cover', () => {
    expect(
      codes([{ site: 'L.MCP2', item: 'synovitis', value: 0 }], { hands: 'right', seriesUids: [] }),
    ).toEqual([['findings.0', 'not_applicable']]);
  });

  it('knows the thumb has no middle phalanx and a not-visible artery has no reach', () => {
    expect(
      codes([
        { site: 'R.artery.digital.1.ulnar', item: 'artery_reach', value: 'middle' },
        { site: 'R.artery.digital.2.ulnar', item: 'artery_reach', value: 'middle' },
        { site: 'R.artery.digital.3.ulnar', item: 'artery_status', value: 'not_visible' },
        { site: 'R.artery.digital.3.ulnar', item: 'artery_reach', value: 'proximal' },
      ]),
    ).toEqual([
      ['findings.0', 'invalid_option'],
      ['findings.3', 'not_applicable'],
    ]);
  });
});

describe('missingFindings', () => {
  it('lists every field of an empty reading, and nothing once complete', () => {
    const empty: Reading = { findings: [], comments: '' };
    const missing = missingFindings(empty, scope);
    // Per hand: 19 joints x 2, 34 bones x 2, 12 tendon sites, 5 + 7 + 6 SSc sites, 10 arteries x 2, 4 vessels,
    // 1 avascular count, 5 veins; plus one series.
    expect(missing).toHaveLength(2 * (38 + 68 + 12 + 18 + 20 + 4 + 1 + 5) + 1);
    expect(missing[0]).toEqual({ site: 'R.DRUJ', item: 'synovitis' });
    expect(missing.at(-1)).toEqual({ site: 'series:1.2.3.4', item: 'image_quality' });
    expect(missingFindings(normalReading(), scope)).toEqual([]);
  });

  it('needs an artery reach only when the artery is visible, and only the hands read', () => {
    const reading = without(normalReading(), 'L.artery.digital.3.ulnar', 'artery_reach');
    expect(missingFindings(reading, scope)).toEqual([
      { site: 'L.artery.digital.3.ulnar', item: 'artery_reach' },
    ]);
    const notVisible = withFindings(reading, [
      { site: 'L.artery.digital.3.ulnar', item: 'artery_status', value: 'not_visible' },
    ]);
    expect(missingFindings(notVisible, scope)).toEqual([]);
    expect(missingFindings(reading, { hands: 'right', seriesUids: SERIES })).toEqual([]);
  });
});

describe('bulkNormal', () => {
  it('fills the empty fields of one hand with normal values and keeps what was entered', () => {
    const entered: Reading = {
      findings: [
        { site: 'R.MCP2', item: 'synovitis', value: 2 },
        { site: 'R.artery.digital.2.radial', item: 'artery_status', value: 'occluded' },
      ],
      comments: 'note',
    };
    const filled = bulkNormal(entered, { side: 'R' });
    expect(filled.comments).toBe('note');
    expect(filled.findings.slice(0, 2)).toEqual(entered.findings);
    expect(filled.findings.find((f) => f.site === 'R.MCP3' && f.item === 'synovitis')?.value).toBe(0);
    expect(filled.findings.find((f) => f.site === 'R.vein.digital.1')?.value).toBe(true);
    expect(filled.findings.find((f) => f.site === 'R.artery.ulnar')?.value).toBe('patent');
    expect(filled.findings.some((f) => f.site.startsWith('L.'))).toBe(false);
    // The reach of the occluded artery is the reader's to record; the other arteries reach the distal phalanx.
    expect(missingFindings(filled, { hands: 'right', seriesUids: [] })).toEqual([
      { site: 'R.artery.digital.2.radial', item: 'artery_reach' },
    ]);
    expect(
      filled.findings.find((f) => f.site === 'R.artery.digital.3.radial' && f.item === 'artery_reach')?.value,
    ).toBe('distal');
    expect(validateFindings(filled)).toEqual([]);
  });

  it('fills one item only', () => {
    const filled = bulkNormal({ findings: [], comments: '' }, { side: 'L', item: 'erosion' });
    expect(filled.findings).toHaveLength(34);
    expect(new Set(filled.findings.map((f) => `${f.item}:${f.value}`))).toEqual(new Set(['erosion:0']));
  });

  it('leaves an artery reach empty when its status is not entered', () => {
    expect(bulkNormal({ findings: [], comments: '' }, { side: 'L', item: 'artery_reach' }).findings).toEqual(
      [],
    );
  });

  it('refuses image quality, which is per series', () => {
    expect(() => bulkNormal({ findings: [], comments: '' }, { side: 'L', item: 'image_quality' })).toThrow(
      ManusError,
    );
  });
});

describe('changedFindings', () => {
  it('keeps only what was added, changed or removed, with its value before and after', () => {
    const before = [
      { site: 'R.MCP2', item: 'synovitis' as const, value: 1 },
      { site: 'R.MCP3', item: 'synovitis' as const, value: 0 },
      { site: 'R.MCP4', item: 'synovitis' as const, value: 2 },
    ];
    const after = [
      { site: 'R.MCP5', item: 'synovitis' as const, value: 0 },
      { site: 'R.MCP3', item: 'synovitis' as const, value: 0 },
      { site: 'R.MCP2', item: 'synovitis' as const, value: 3 },
    ];
    expect(changedFindings(before, after)).toEqual({
      before: [before[0], before[2]],
      after: [after[0], after[2]],
    });
    expect(changedFindings(after, after)).toEqual({ before: [], after: [] });
    const regraded = after.map((f) => (f.site === 'R.MCP3' ? { ...f, value: 1 } : f));
    expect(changedFindings(after, regraded)).toEqual({ before: [after[1]], after: [regraded[1]] });
    expect(changedFindings([], after)).toEqual({ before: [], after });
  });
});
