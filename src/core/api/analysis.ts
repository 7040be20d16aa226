/**
 * The response of GET /api/analysis: the outcome analysis (src/core/analysis/types.ts) in its JSON form, where an
 * infinite odds ratio or interval limit is the string "Infinity" (src/core/stats/json.ts), as `manus analyze` prints it.
 */
import { z } from 'zod';
import {
  ADJUST_METHODS,
  EXCLUSION_REASONS,
  INVOLVEMENT_MEASURES,
  PRIMARY_ABNORMALITIES,
} from '../analysis/types.ts';
import { ARMS } from '../study/protocol.ts';
import { apiDateTime, count, localizedTextSchema } from './common.ts';

/** A number that may be infinite: odds ratios and their exact limits. */
const extended = z.union([z.number(), z.literal('Infinity'), z.literal('-Infinity')]);
const interval = z.tuple([z.number(), z.number()]);
const extendedInterval = z.tuple([extended, extended]);
const probability = z.number().min(0).max(1);
const perArm = <T extends z.ZodType>(value: T) => z.strictObject({ ssc: value, control: value });
const arm = z.enum(ARMS);
const side = z.enum(['R', 'L']);

const proportion = z.strictObject({
  n: count,
  N: count,
  estimate: probability.nullable(),
  ci: interval.nullable(),
});

const binaryComparison = {
  ssc: proportion,
  control: proportion,
  difference: z.strictObject({ estimate: z.number(), ci: interval }).nullable(),
  pValue: probability.nullable(),
  oddsRatio: z.strictObject({ estimate: extended, ci: extendedInterval }).nullable(),
  missing: perArm(count),
};

const continuousSummary = z.strictObject({
  n: count,
  missing: count,
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  median: z.number().nullable(),
  q1: z.number().nullable(),
  q3: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

const categoryCount = z.strictObject({
  value: z.string(),
  label: localizedTextSchema,
  ssc: proportion,
  control: proportion,
});

const tableTest = z.enum(['fisher', 'chi-square']).nullable();

const secondaryRow = z.strictObject({
  ...binaryComparison,
  id: z.string(),
  label: localizedTextSchema,
  unit: z.enum(['participant', 'hand', 'finger', 'artery']),
  side: side.nullable(),
});

export const analysisResultSchema = z.strictObject({
  primary: z.array(
    z.strictObject({
      ...binaryComparison,
      abnormality: z.enum(PRIMARY_ABNORMALITIES),
      site: z.string(),
      level: z.enum(['any', 'site', 'pooled']),
      side: side.nullable(),
      kind: z.enum(['joint', 'bone', 'tendon', 'artery', 'vein']).nullable(),
      label: localizedTextSchema,
      pAdjusted: probability.nullable(),
    }),
  ),
  secondary: z.strictObject({
    arterial: z.strictObject({
      arteries: z.array(secondaryRow),
      fingers: z.array(secondaryRow),
      participants: z.array(secondaryRow),
      leydenChang: z.strictObject({
        categories: z.array(categoryCount),
        unit: z.enum(['participant', 'hand', 'finger', 'artery']),
        missing: perArm(count),
        test: tableTest,
        pValue: probability.nullable(),
      }),
    }),
    venous: z.strictObject({
      participants: secondaryRow,
      hands: secondaryRow,
      fingers: secondaryRow,
      byFinger: z.array(secondaryRow),
    }),
    correlations: z.array(
      z.strictObject({
        measure: z.enum(INVOLVEMENT_MEASURES),
        measureKind: z.enum(['binary', 'continuous']),
        factor: z.string(),
        factorLabel: localizedTextSchema,
        factorKind: z.enum(['binary', 'continuous']),
        n: count,
        missing: count,
        spearman: z
          .strictObject({ rho: z.number(), ci: interval.nullable(), pValue: probability.nullable() })
          .nullable(),
        mannWhitney: z
          .strictObject({
            groupedBy: z.enum(['measure', 'factor']),
            withGroup: continuousSummary,
            withoutGroup: continuousSummary,
            W: z.number(),
            pValue: probability,
            rankBiserial: z.number(),
          })
          .nullable(),
        fisher: z
          .strictObject({
            table: z.tuple([z.tuple([count, count]), z.tuple([count, count])]),
            oddsRatio: extended,
            ci: extendedInterval,
            pValue: probability,
          })
          .nullable(),
      }),
    ),
    sodium: z.array(
      z.strictObject({
        joint: z.string(),
        label: localizedTextSchema,
        ssc: continuousSummary,
        control: continuousSummary,
        welch: z.strictObject({ pValue: probability, difference: z.number(), ci: interval }).nullable(),
        mannWhitney: z.strictObject({ pValue: probability, W: z.number() }).nullable(),
        points: perArm(z.array(z.number())).nullable(),
      }),
    ),
  }),
  baseline: z.array(
    z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('continuous'),
        variable: z.string(),
        label: localizedTextSchema,
        unit: z.string().nullable(),
        arms: z.array(arm),
        ssc: continuousSummary,
        control: continuousSummary,
        test: z.literal('mann-whitney').nullable(),
        pValue: probability.nullable(),
      }),
      z.strictObject({
        type: z.literal('categorical'),
        variable: z.string(),
        label: localizedTextSchema,
        arms: z.array(arm),
        levels: z.array(categoryCount),
        missing: perArm(count),
        test: tableTest,
        pValue: probability.nullable(),
      }),
    ]),
  ),
  participants: z.array(
    z.strictObject({
      code: z.string(),
      arm,
      analysed: z.boolean(),
      reason: z.enum(EXCLUSION_REASONS).nullable(),
      detail: z.string().nullable(),
    }),
  ),
  readingQuality: z.strictObject({
    exams: count,
    final: count,
    finalWithinDeadline: proportion,
    deadlineDays: count,
    daysToFinal: continuousSummary,
    daysToFinalHistogram: z.array(z.strictObject({ days: count, count })),
    agreement: z.array(
      z.strictObject({
        item: z.string(),
        label: localizedTextSchema,
        weighting: z.string(),
        pairs: count,
        kappa: z.number().nullable(),
      }),
    ),
  }),
  provenance: z.strictObject({
    snapshotSha256: z.string().regex(/^[0-9a-f]{64}$/),
    softwareVersion: z.string(),
    generatedAt: apiDateTime,
    synthetic: z.boolean(),
    parameters: z.strictObject({
      adjust: z.enum(ADJUST_METHODS),
      confidenceLevel: z.number().gt(0).lt(1),
      family: z.string(),
      lesionThreshold: z.string(),
      analysisSet: z.string(),
    }),
    counts: z.strictObject({ participants: count, analysed: perArm(count), excluded: count }),
    exclusions: z.array(
      z.strictObject({ code: z.string(), reason: z.enum(EXCLUSION_REASONS), detail: z.string().nullable() }),
    ),
  }),
});
export type AnalysisResultJson = z.output<typeof analysisResultSchema>;
