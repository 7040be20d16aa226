import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readingItem } from '../reading/items.ts';
import { sitesOf } from '../reading/sites.ts';
import { compareWithR } from '../stats/fixture-compare.ts';
import { toJsonValue, type JsonValue } from '../stats/json.ts';
import type { Arm, Hands } from '../study/protocol.ts';
import { analyze, DEFAULT_OPTIONS } from './analyze.ts';
import type { AnalysisInput, ParticipantInput } from './input.ts';
import { snapshotSha256 } from './snapshot-hash.ts';
import {
  PRIMARY_ABNORMALITIES,
  type AnalysisResult,
  type PrimaryAbnormality,
  type PrimaryRow,
} from './types.ts';

/** The hand-made dataset and R's results on it (tools/r/analysis-fixture.R). */
interface Dataset {
  participants: {
    code: string;
    arm: Arm;
    hands: Hands;
    lesions: { site: string; abnormality: PrimaryAbnormality; grade: number }[];
    sodium: number[];
  }[];
  sites: { abnormality: string; site: string }[];
}
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const dataset = fixture('small-dataset.json') as Dataset;
const expected = fixture('small-expected.json') as { holm: JsonValue[]; BH: JsonValue[]; sodium: JsonValue };

const environment = {
  snapshotSha256: 'test',
  softwareVersion: 'test',
  generatedAt: '2026-06-01T00:00:00.000Z',
};

function participant(p: Dataset['participants'][number]): ParticipantInput {
  return {
    code: p.code,
    arm: p.arm,
    status: 'completed',
    exam: {
      code: `MR-${p.code}`,
      acquiredAt: '2026-03-02T09:00:00.000Z',
      status: 'complete',
      hands: p.hands,
      readingStatus: 'final',
      finalizedAt: '2026-03-05T09:00:00.000Z',
      final: {
        abnormal: p.lesions.map((l) => ({ site: l.site, item: l.abnormality, value: l.grade })),
        unscored: [],
      },
    },
    forms: {},
    sodium: p.sodium.map((meanMmol, i) => ({ joint: 'MCP2', side: i === 0 ? 'R' : 'L', meanMmol })),
  };
}

const input = (participants: ParticipantInput[]): AnalysisInput => ({
  participants,
  readPairs: [],
  readingDeadlineDays: 7,
  synthetic: true,
});

/** A Manus primary row in the shape the R script writes. */
const asR = (r: PrimaryRow) =>
  toJsonValue({
    abnormality: r.abnormality,
    site: r.site,
    level: r.level,
    ssc: [r.ssc.n, r.ssc.N, ...(r.ssc.ci ?? [])],
    control: [r.control.n, r.control.N, ...(r.control.ci ?? [])],
    difference: r.difference?.estimate,
    differenceCi: r.difference?.ci,
    p: r.pValue,
    pAdjusted: r.pAdjusted,
    oddsRatio: r.oddsRatio ? [r.oddsRatio.estimate, ...r.oddsRatio.ci] : null,
  });

describe('analysis on the hand-made dataset, against R', () => {
  const small = input(dataset.participants.map(participant));

  it('lists the sites of the form', () => {
    const sites = PRIMARY_ABNORMALITIES.flatMap((a) =>
      sitesOf(readingItem(a), ['R', 'L']).map((s) => ({ abnormality: a, site: s.id })),
    );
    expect(dataset.sites).toEqual(sites);
  });

  for (const adjust of ['holm', 'BH'] as const)
    it(`gives R's primary table, ${adjust}-adjusted within each family`, () => {
      const result = analyze(small, environment, { ...DEFAULT_OPTIONS, adjust });
      const rows = expected[adjust];
      expect(result.primary).toHaveLength(rows.length);
      const comparison = compareWithR(result.primary.map(asR), rows, 1e-9);
      expect(comparison.mismatches).toEqual([]);
    });

  it('counts per-hand sites over the participants whose hand was imaged, and reports the others as missing', () => {
    const result = analyze(small, environment);
    const row = result.primary.find((r) => r.abnormality === 'synovitis' && r.site === 'L.MCP2')!;
    expect(row.ssc).toMatchObject({ n: 2, N: 9 });
    expect(row.control).toMatchObject({ n: 0, N: 8 });
    expect(row.missing).toEqual({ ssc: 1, control: 0 });
    const right = result.primary.find((r) => r.abnormality === 'synovitis' && r.site === 'R.MCP2')!;
    expect(right.control).toMatchObject({ n: 1, N: 7 });
    expect(right.missing).toEqual({ ssc: 0, control: 1 });
    const pooled = result.primary.find((r) => r.abnormality === 'synovitis' && r.site === 'MCP2')!;
    expect(pooled.ssc).toMatchObject({ n: 2, N: 10 });
    expect(pooled.control).toMatchObject({ n: 1, N: 8 });
  });

  it("gives R's Welch and Mann-Whitney on the participants' sodium means", () => {
    const all = analyze(small, environment).secondary.sodium.find((r) => r.joint === 'all')!;
    const manus = toJsonValue({
      welchP: all.welch?.pValue,
      difference: all.welch?.difference,
      ci: all.welch?.ci,
      mannWhitneyP: all.mannWhitney?.pValue,
      W: all.mannWhitney?.W,
      sscMean: all.ssc.mean,
      sscSd: all.ssc.sd,
      controlMedian: all.control.median,
    });
    expect(compareWithR(manus, expected.sodium, 1e-9).mismatches).toEqual([]);
    expect(all.control.n).toBe(7);
  });
});

describe('analysis set', () => {
  const base = participant(dataset.participants[0]!);
  const exam = base.exam!;
  const cases: [string, ParticipantInput, string | null][] = [
    ['analysed', base, null],
    ['withdrawn', { ...base, status: 'withdrawn' }, 'withdrawn'],
    ['still screening', { ...base, status: 'screening' }, 'not_included'],
    ['no exam', { ...base, exam: null }, 'no_mri'],
    ['not acquired', { ...base, exam: { ...exam, acquiredAt: null, status: 'scheduled' } }, 'no_mri'],
    [
      'not final',
      { ...base, exam: { ...exam, final: null, readingStatus: 'adjudication_needed' } },
      'no_final_reading',
    ],
    [
      'non-diagnostic',
      {
        ...base,
        exam: {
          ...exam,
          final: {
            ...exam.final!,
            abnormal: [{ site: 'series:1.2.3', item: 'image_quality', value: 'non_diagnostic' }],
          },
        },
      },
      'non_diagnostic_images',
    ],
    [
      'primary item empty',
      {
        ...base,
        exam: { ...exam, final: { ...exam.final!, unscored: [{ site: 'R.RC', item: 'synovitis' }] } },
      },
      'incomplete_reading',
    ],
    [
      'only a vascular item empty',
      {
        ...base,
        exam: {
          ...exam,
          final: { ...exam.final!, unscored: [{ site: 'R.vein.digital.2', item: 'venous_return' }] },
        },
      },
      null,
    ],
  ];
  for (const [name, p, reason] of cases)
    it(`${name}: ${reason ?? 'analysed'}`, () => {
      const result: AnalysisResult = analyze(input([p]), environment);
      expect(result.participants[0]).toMatchObject({ code: p.code, analysed: reason === null, reason });
      expect(result.provenance.exclusions.map((e) => e.reason)).toEqual(reason ? [reason] : []);
    });

  it('reports a vascular field left empty as missing, not as normal', () => {
    const p = cases.at(-1)![1];
    const venous = analyze(input([p]), environment).secondary.venous.fingers;
    expect(venous.missing.ssc).toBe(1);
    expect(venous.ssc.N).toBe(9);
  });
});

describe('provenance', () => {
  it('hashes the canonical input: the same data give the same hash, any change another', () => {
    const a = input(dataset.participants.map(participant));
    const reordered = JSON.parse(JSON.stringify(a)) as AnalysisInput;
    const changed = input(dataset.participants.map(participant));
    changed.participants[0]!.sodium[0]!.meanMmol += 0.1;
    expect(snapshotSha256(reordered)).toBe(snapshotSha256(a));
    expect(snapshotSha256(changed)).not.toBe(snapshotSha256(a));
    const result = analyze(a, { ...environment, snapshotSha256: snapshotSha256(a) });
    expect(result.provenance).toMatchObject({
      snapshotSha256: snapshotSha256(a),
      parameters: { adjust: 'holm', confidenceLevel: 0.95 },
      counts: { participants: 18, analysed: { ssc: 10, control: 8 }, excluded: 0 },
    });
  });
});
