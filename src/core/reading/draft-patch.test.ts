import { describe, expect, it } from 'vitest';
import { applyDraftPatch, draftPatch, isEmptyPatch } from './draft-patch.ts';
import { indexFindings, type Reading, type ReadingScope } from './findings.ts';
import { normalReading, SERIES, withFindings, without } from './testing.ts';

const scope: ReadingScope = { hands: 'both', seriesUids: SERIES };
const sorted = (reading: Reading) =>
  [...indexFindings(reading.findings)].sort(([a], [b]) => (a < b ? -1 : 1));

describe('draftPatch', () => {
  it('holds only the values set, the fields cleared and changed comments', () => {
    const saved = normalReading();
    const latest = {
      ...without(
        withFindings(saved, [
          { site: 'R.MCP2', item: 'synovitis', value: 2 },
          { site: 'R.MCP2', item: 'effusion', value: 0 },
        ]),
        'L.DIP5',
        'synovitis',
      ),
      comments: 'erosive',
    };
    expect(draftPatch(saved, latest)).toEqual({
      findings: [{ site: 'R.MCP2', item: 'synovitis', value: 2 }],
      cleared: [{ site: 'L.DIP5', item: 'synovitis' }],
      comments: 'erosive',
    });
  });

  it('is empty when nothing changed, whatever the order of the findings', () => {
    const saved = normalReading();
    const patch = draftPatch(saved, { ...saved, findings: [...saved.findings].reverse() });
    expect(patch).toEqual({ findings: [], cleared: [] });
    expect(isEmptyPatch(patch)).toBe(true);
    expect(isEmptyPatch({ findings: [], cleared: [], comments: '' })).toBe(false);
  });
});

describe('applyDraftPatch', () => {
  it('turns the saved reading into the latest one', () => {
    const saved = normalReading();
    const latest = without(
      withFindings(saved, [{ site: 'L.bone.lunate', item: 'erosion', value: 3 }]),
      'R.MCP3',
      'synovitis',
    );
    const { findings, issues } = applyDraftPatch(saved.findings, draftPatch(saved, latest), scope);
    expect(issues).toEqual([]);
    expect(sorted({ findings: findings as Reading['findings'], comments: '' })).toEqual(sorted(latest));
  });

  it('keeps a changed field in its place and puts a new one last', () => {
    const stored = [
      { site: 'R.MCP2', item: 'synovitis', value: 0 },
      { site: 'R.MCP3', item: 'synovitis', value: 0 },
    ] as const;
    const { findings } = applyDraftPatch(
      [...stored],
      {
        findings: [
          { site: 'R.MCP4', item: 'synovitis', value: 1 },
          { site: 'R.MCP2', item: 'synovitis', value: 2 },
        ],
        cleared: [],
      },
      scope,
    );
    expect(findings.map((f) => [f.site, f.value])).toEqual([
      ['R.MCP2', 2],
      ['R.MCP3', 0],
      ['R.MCP4', 1],
    ]);
  });

  it("names the patch's own fields in its issues", () => {
    const { issues } = applyDraftPatch(
      normalReading().findings,
      {
        findings: [
          { site: 'R.MCP2', item: 'synovitis', value: 1 },
          { site: 'R.MCP3', item: 'synovitis', value: 7 },
          { site: 'R.MCP9', item: 'synovitis', value: 1 },
        ],
        cleared: [],
      },
      scope,
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['findings.1', 'out_of_range'],
      ['findings.2', 'unknown_site'],
    ]);
  });

  it('refuses a field set twice, or set and cleared at once', () => {
    const { issues, findings } = applyDraftPatch(
      [],
      {
        findings: [
          { site: 'R.MCP2', item: 'synovitis', value: 1 },
          { site: 'R.MCP2', item: 'synovitis', value: 2 },
          { site: 'R.MCP3', item: 'synovitis', value: 1 },
        ],
        cleared: [{ site: 'R.MCP3', item: 'synovitis' }],
      },
      scope,
    );
    expect(findings).toEqual([]);
    expect(issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ['findings.1', 'duplicate', 'synovitis at R.MCP2 is set more than once'],
      ['findings.2', 'duplicate', 'synovitis at R.MCP3 is both set and cleared'],
    ]);
  });

  it('checks the draft it makes as a whole: a kept field the patch makes invalid is to be cleared', () => {
    const artery = 'L.artery.digital.3.ulnar';
    const stored = normalReading().findings;
    const notVisible = { site: artery, item: 'artery_status', value: 'not_visible' };
    const kept = applyDraftPatch(stored, { findings: [notVisible], cleared: [] }, scope);
    expect(kept.issues).toMatchObject([
      {
        path: 'cleared',
        code: 'not_applicable',
        message: `the reach of ${artery} is not scored: the artery is not visible`,
      },
    ]);
    const cleared = applyDraftPatch(
      stored,
      { findings: [notVisible], cleared: [{ site: artery, item: 'artery_reach' }] },
      scope,
    );
    expect(cleared.issues).toEqual([]);
    expect(cleared.findings.some((f) => f.site === artery && f.item === 'artery_reach')).toBe(false);
  });

  it('ignores clearing a field that was never recorded', () => {
    const stored = normalReading().findings;
    const { findings, issues } = applyDraftPatch(
      stored,
      { findings: [], cleared: [{ site: 'R.nowhere', item: 'synovitis' }] },
      scope,
    );
    expect(issues).toEqual([]);
    expect(findings).toEqual(stored);
  });
});
