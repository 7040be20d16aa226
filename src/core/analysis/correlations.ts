/**
 * Correlations in SSc patients between involvement — osteoarticular (any lesion, lesion count, RAMRIS sum over all
 * sites) and arterial (any abnormality, abnormal digital arteries) — and each factor the protocol lists:
 * Spearman's rho (Fisher-z interval) for continuous factors, with Mann-Whitney comparing the factor between
 * participants with and without involvement; for yes/no factors, Fisher's exact test (odds ratio and exact interval)
 * against yes/no involvement and Mann-Whitney of the involvement measure between factor groups. As the protocol
 * asks, hand vascular involvement is among the factors of osteoarticular involvement, and osteoarticular involvement
 * among those of arterial involvement: each measure is also correlated with the other kind's measures.
 */
import { readingItem } from '../reading/items.ts';
import { isAbnormal } from '../reading/scale.ts';
import { qnorm } from '../stats/distributions.ts';
import { fisherExact } from '../stats/fisher.ts';
import { mannWhitney } from '../stats/mann-whitney.ts';
import { spearman } from '../stats/spearman.ts';
import { CLINICAL_VARIABLES, type ClinicalVariable } from './factors.ts';
import type { ParticipantInput } from './input.ts';
import { summarise } from './summaries.ts';
import {
  INVOLVEMENT_MEASURES,
  MEASURE_LABELS,
  PRIMARY_ABNORMALITIES,
  type CorrelationRow,
  type Interval,
  type InvolvementMeasure,
} from './types.ts';
import { arterialInvolvement } from './vascular.ts';

const RAMRIS = new Set<string>(['synovitis', 'erosion', 'bone_oedema', 'tenosynovitis']);
const PRIMARY = new Set<string>(PRIMARY_ABNORMALITIES);

type MeasureValue = number | boolean | null;

/** The involvement measures of one participant (the analysis set guarantees complete primary items). */
function measures(p: ParticipantInput): Record<InvolvementMeasure, MeasureValue> {
  let lesions = 0;
  let ramris = 0;
  for (const f of p.exam?.final?.abnormal ?? []) {
    if (!PRIMARY.has(f.item)) continue;
    if (isAbnormal(readingItem(f.item), f.value)) lesions += 1;
    if (RAMRIS.has(f.item) && typeof f.value === 'number') ramris += f.value;
  }
  const arterial = arterialInvolvement(p);
  return {
    osteoarticular_any: lesions > 0,
    lesion_count: lesions,
    ramris_sum: ramris,
    arterial_any: arterial.any,
    abnormal_digital_arteries: arterial.digitalCount,
  };
}

const MEASURE_KIND: Record<InvolvementMeasure, 'binary' | 'continuous'> = {
  osteoarticular_any: 'binary',
  lesion_count: 'continuous',
  ramris_sum: 'continuous',
  arterial_any: 'binary',
  abnormal_digital_arteries: 'continuous',
};

/** Fisher's z interval for rho; null when n ≤ 3 or |rho| = 1. */
function spearmanInterval(rho: number, n: number, level: number): Interval | null {
  if (n <= 3 || !Number.isFinite(rho) || Math.abs(rho) >= 1) return null;
  const z = Math.atanh(rho);
  const half = qnorm((1 + level) / 2) / Math.sqrt(n - 3);
  return [Math.tanh(z - half), Math.tanh(z + half)];
}

function groupComparison(withGroup: number[], withoutGroup: number[], groupedBy: 'measure' | 'factor') {
  if (withGroup.length === 0 || withoutGroup.length === 0) return null;
  const test = mannWhitney({ x: withGroup, y: withoutGroup });
  return {
    groupedBy,
    withGroup: summarise(withGroup),
    withoutGroup: summarise(withoutGroup),
    W: test.statistic,
    pValue: test.pValue,
    rankBiserial: (2 * test.statistic) / (withGroup.length * withoutGroup.length) - 1,
  };
}

/** What a measure is correlated with: a clinical variable, or a measure of the other kind of involvement. */
type CorrelationFactor = Pick<CorrelationRow, 'factor' | 'factorLabel' | 'factorKind'>;

const OSTEOARTICULAR: readonly InvolvementMeasure[] = ['osteoarticular_any', 'lesion_count', 'ramris_sum'];
const ARTERIAL: readonly InvolvementMeasure[] = ['arterial_any', 'abnormal_digital_arteries'];
const otherInvolvement = (measure: InvolvementMeasure): readonly InvolvementMeasure[] =>
  OSTEOARTICULAR.includes(measure) ? ARTERIAL : OSTEOARTICULAR;

function correlationRow(
  measure: InvolvementMeasure,
  { factor, factorLabel, factorKind }: CorrelationFactor,
  pairs: { m: MeasureValue; f: number | boolean | null }[],
  level: number,
): CorrelationRow {
  const complete = pairs.filter((x) => x.m !== null && x.f !== null) as {
    m: number | boolean;
    f: number | boolean;
  }[];
  const n = complete.length;
  const base: CorrelationRow = {
    measure,
    measureKind: MEASURE_KIND[measure],
    factor,
    factorLabel,
    factorKind,
    n,
    missing: pairs.length - n,
    spearman: null,
    mannWhitney: null,
    fisher: null,
  };
  const asNumber = (v: number | boolean) => (typeof v === 'boolean' ? Number(v) : v);
  if (factorKind === 'continuous') {
    if (n >= 2) {
      const s = spearman({ x: complete.map((x) => asNumber(x.m)), y: complete.map((x) => x.f as number) });
      base.spearman = Number.isFinite(s.rho)
        ? {
            rho: s.rho,
            ci: spearmanInterval(s.rho, n, level),
            pValue: Number.isFinite(s.pValue) ? s.pValue : null,
          }
        : null;
    }
    if (MEASURE_KIND[measure] === 'binary')
      base.mannWhitney = groupComparison(
        complete.filter((x) => x.m === true).map((x) => x.f as number),
        complete.filter((x) => x.m === false).map((x) => x.f as number),
        'measure',
      );
    return base;
  }
  if (MEASURE_KIND[measure] === 'binary') {
    const cell = (f: boolean, m: boolean) => complete.filter((x) => x.f === f && x.m === m).length;
    const table: [[number, number], [number, number]] = [
      [cell(true, true), cell(true, false)],
      [cell(false, true), cell(false, false)],
    ];
    const rowsFilled = table.every((r) => r[0] + r[1] > 0);
    if (rowsFilled) {
      const result = fisherExact({ table, level });
      if (result.shape === '2x2')
        base.fisher = { table, oddsRatio: result.oddsRatio, ci: result.ci, pValue: result.pValue };
    }
    return base;
  }
  base.mannWhitney = groupComparison(
    complete.filter((x) => x.f === true).map((x) => asNumber(x.m)),
    complete.filter((x) => x.f === false).map((x) => asNumber(x.m)),
    'factor',
  );
  return base;
}

export function correlationRows(analysed: readonly ParticipantInput[], level: number): CorrelationRow[] {
  const ssc = analysed.filter((p) => p.arm === 'ssc');
  const measured = ssc.map(measures);
  const factors = CLINICAL_VARIABLES.filter(
    (v): v is Exclude<ClinicalVariable, { kind: 'categorical' }> => v.factor && v.kind !== 'categorical',
  );
  // Each factor read once per participant, whatever the number of measures.
  const factorValues = factors.map((factor) => ssc.map((p) => factor.read(p.forms)));
  return INVOLVEMENT_MEASURES.flatMap((measure) => [
    ...factors.map((factor, k) =>
      correlationRow(
        measure,
        { factor: factor.id, factorLabel: factor.label, factorKind: factor.kind },
        ssc.map((_, i) => ({ m: measured[i]![measure], f: factorValues[k]?.[i] ?? null })),
        level,
      ),
    ),
    ...otherInvolvement(measure).map((other) =>
      correlationRow(
        measure,
        { factor: other, factorLabel: MEASURE_LABELS[other], factorKind: MEASURE_KIND[other] },
        ssc.map((_, i) => ({ m: measured[i]![measure], f: measured[i]![other] })),
        level,
      ),
    ),
  ]);
}
