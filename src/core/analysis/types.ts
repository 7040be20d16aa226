/**
 * The result of the outcome analysis of NCT04223817 (`analyze()`), as the CLI prints it, the API returns it and the
 * report draws it. The shape is a contract with the web outcomes page and the HTML/PDF report: fields are added,
 * never renamed. Every proportion keeps its numerator and denominator, every comparison its test, and every row the
 * number of participants (or hands, fingers, joints) it could not use, so nothing is dropped silently.
 */
import type { Side, StructureKind } from '../anatomy/types.ts';
import type { Arm, LocalizedText } from '../study/protocol.ts';

/** Multiplicity adjustments `analyze` offers (R's p.adjust names; `BH` is Benjamini-Hochberg). */
export const ADJUST_METHODS = ['holm', 'bonferroni', 'BH', 'none'] as const;
export type AdjustMethod = (typeof ADJUST_METHODS)[number];

/** The primary outcome's abnormalities, in the order the protocol lists them. */
export const PRIMARY_ABNORMALITIES = [
  'erosion',
  'bone_oedema',
  'synovitis',
  'tenosynovitis',
  'effusion',
] as const;
export type PrimaryAbnormality = (typeof PRIMARY_ABNORMALITIES)[number];

export type Interval = [number, number];

/** n of N with its estimate and Wilson score interval; estimate and ci are null when N is 0. */
export interface Proportion {
  n: number;
  N: number;
  estimate: number | null;
  ci: Interval | null;
}

/** Difference of proportions SSc minus control with Newcombe's hybrid score interval; null when an arm has N = 0. */
export interface ProportionDifference {
  estimate: number;
  ci: Interval;
}

/** A yes/no outcome compared between arms: Wilson per arm, Newcombe difference, Fisher's exact test. */
export interface BinaryComparison {
  ssc: Proportion;
  control: Proportion;
  difference: ProportionDifference | null;
  /** Fisher's exact test, two-sided; null when an arm has N = 0. */
  pValue: number | null;
  /**
   * Fisher's conditional maximum-likelihood odds ratio (SSc vs control) with its exact interval: on the main rows
   * (primary `any`, participant-level secondary rows); null on per-site, per-hand and per-finger rows.
   */
  oddsRatio: { estimate: number; ci: Interval } | null;
  /** Units (participants, hands, fingers) whose value is missing, per arm. */
  missing: Record<Arm, number>;
}

/** `any`: anywhere in either hand; `site`: one anatomy structure of one hand; `pooled`: the structure on either hand. */
export type SiteLevel = 'any' | 'site' | 'pooled';

export interface PrimaryRow extends BinaryComparison {
  abnormality: PrimaryAbnormality;
  /** `any`, an anatomy id (`R.MCP2`), or the id without its side prefix for the pooled row (`MCP2`). */
  site: string;
  level: SiteLevel;
  side: Side | null;
  kind: StructureKind | null;
  label: LocalizedText;
  /** Adjusted within the abnormality's family (see `Provenance.parameters.family`); equals pValue on `any` rows. */
  pAdjusted: number | null;
}

/** A continuous variable described in one group. */
export interface ContinuousSummary {
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

export interface CategoryCount {
  value: string;
  label: LocalizedText;
  ssc: Proportion;
  control: Proportion;
}

/** Table 1: continuous rows give median [IQR] (and mean ± SD), categorical rows n (%) per level. */
export type BaselineRow =
  | {
      type: 'continuous';
      variable: string;
      label: LocalizedText;
      unit: string | null;
      /** The arms the variable is collected in (disease duration: SSc only). */
      arms: Arm[];
      ssc: ContinuousSummary;
      control: ContinuousSummary;
      test: 'mann-whitney' | null;
      pValue: number | null;
    }
  | {
      type: 'categorical';
      variable: string;
      label: LocalizedText;
      arms: Arm[];
      levels: CategoryCount[];
      missing: Record<Arm, number>;
      /** Fisher's exact test; chi-square for a table of more than two columns and over 1,000 observations. */
      test: 'fisher' | 'chi-square' | null;
      pValue: number | null;
    };

/** Units of the secondary vascular outcomes: hands and fingers are nested in participants (not independent). */
export type CountingUnit = 'participant' | 'hand' | 'finger' | 'artery';

export interface SecondaryBinaryRow extends BinaryComparison {
  /** e.g. `artery.digital.2.radial`, `finger.3`, `any`. */
  id: string;
  label: LocalizedText;
  unit: CountingUnit;
  side: Side | null;
}

export interface DistributionRow {
  /** e.g. the Leyden/Chang type `1`…`4`. */
  categories: CategoryCount[];
  unit: CountingUnit;
  missing: Record<Arm, number>;
  /** As the categorical baseline rows: Fisher's exact test, chi-square beyond 1,000 observations. */
  test: 'fisher' | 'chi-square' | null;
  pValue: number | null;
}

export interface ArterialOutcomes {
  /** Each proper digital artery (per hand and pooled), radial, ulnar, arches: abnormal (not normal or not patent). */
  arteries: SecondaryBinaryRow[];
  /** Each finger (per hand and pooled) with at least one abnormal proper digital artery. */
  fingers: SecondaryBinaryRow[];
  /** Participants with at least one abnormal digital artery, and with 4 or more (Allanore 2007). */
  participants: SecondaryBinaryRow[];
  /** Leyden/Chang type per hand. */
  leydenChang: DistributionRow;
}

export interface VenousOutcomes {
  /** No venous return visible as far as the proximal phalanx: participants (any finger), hands (any finger), fingers. */
  participants: SecondaryBinaryRow;
  hands: SecondaryBinaryRow;
  fingers: SecondaryBinaryRow;
  /** Per finger position (pooled over hands). */
  byFinger: SecondaryBinaryRow[];
}

/** Osteoarticular and arterial involvement measures correlated with the protocol's factors, in SSc patients. */
export const INVOLVEMENT_MEASURES = [
  'osteoarticular_any',
  'lesion_count',
  'ramris_sum',
  'arterial_any',
  'abnormal_digital_arteries',
] as const;
export type InvolvementMeasure = (typeof INVOLVEMENT_MEASURES)[number];

export const MEASURE_LABELS: Record<InvolvementMeasure, LocalizedText> = {
  osteoarticular_any: { en: 'Any osteoarticular lesion', fr: 'Au moins une lésion ostéo-articulaire' },
  lesion_count: { en: 'Sites with a lesion', fr: 'Sites lésés' },
  ramris_sum: { en: 'RAMRIS sum', fr: 'Somme RAMRIS' },
  arterial_any: { en: 'Any abnormal digital artery', fr: 'Au moins une artère digitale anormale' },
  abnormal_digital_arteries: { en: 'Abnormal digital arteries', fr: 'Artères digitales anormales' },
};

export interface CorrelationRow {
  measure: InvolvementMeasure;
  measureKind: 'binary' | 'continuous';
  factor: string;
  factorLabel: LocalizedText;
  factorKind: 'binary' | 'continuous';
  /** SSc participants with both values. */
  n: number;
  /** SSc participants analysed whose factor (or measure) is missing. */
  missing: number;
  /** Continuous factor: Spearman's rho with the measure (binary measures as 0/1), CI by Fisher's z. */
  spearman: { rho: number; ci: Interval | null; pValue: number | null } | null;
  /**
   * Mann-Whitney: the continuous side compared between the two groups of the binary side (the factor with vs
   * without involvement, or the measure with vs without the factor); effect size: rank-biserial r = 2W/(n1 n2) - 1,
   * positive when values are higher in the "with" group (W: R's statistic for the "with" group).
   */
  mannWhitney: {
    /** Which variable splits the groups. */
    groupedBy: 'measure' | 'factor';
    withGroup: ContinuousSummary;
    withoutGroup: ContinuousSummary;
    W: number;
    pValue: number;
    rankBiserial: number;
  } | null;
  /** Both binary: Fisher's exact test with the odds ratio and its exact CI. */
  fisher: {
    /** [[factor yes & involved, factor yes & not], [factor no & involved, factor no & not]] */
    table: [[number, number], [number, number]];
    oddsRatio: number;
    ci: Interval;
    pValue: number;
  } | null;
}

export interface SodiumRow {
  /** The joint's pooled id (`MCP2`), or `all` for each participant's mean over the joints measured. */
  joint: string;
  label: LocalizedText;
  ssc: ContinuousSummary;
  control: ContinuousSummary;
  /** Welch's t-test: p and the difference of means SSc minus control with its CI (mmol/L). */
  welch: { pValue: number; difference: number; ci: Interval } | null;
  mannWhitney: { pValue: number; W: number } | null;
  /** The values per arm for a strip plot; null above `SODIUM_POINTS_LIMIT` values in a row (box plot only). */
  points: Record<Arm, number[]> | null;
}

export interface SecondaryOutcomes {
  arterial: ArterialOutcomes;
  venous: VenousOutcomes;
  correlations: CorrelationRow[];
  sodium: SodiumRow[];
}

/** Why a participant is not in the analysis set. */
export const EXCLUSION_REASONS = [
  'not_included',
  'withdrawn',
  'no_mri',
  'no_final_reading',
  'non_diagnostic_images',
  'incomplete_reading',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface ParticipantOutcome {
  code: string;
  arm: Arm;
  analysed: boolean;
  reason: ExclusionReason | null;
  /** What precisely: the status, the series judged non-diagnostic, the items left unscored. */
  detail: string | null;
}

export interface ReadingQuality {
  /** Acquired exams that owe a reading. */
  exams: number;
  final: number;
  /** Exams whose final reading came within the protocol's deadline, of the acquired exams (Wilson CI). */
  finalWithinDeadline: Proportion;
  deadlineDays: number;
  /** Days from acquisition to the final reading, over the final exams. */
  daysToFinal: ContinuousSummary;
  /** Counts per whole day (0 = within 24 h) for a histogram; the last bin holds everything beyond. */
  daysToFinalHistogram: { days: number; count: number }[];
  /** Inter-reader agreement of the first two reads of each exam, per item (Cohen's kappa, weighted as the item). */
  agreement: { item: string; label: LocalizedText; weighting: string; pairs: number; kappa: number | null }[];
}

export interface Provenance {
  /** SHA-256 (hex) of the canonical JSON of the analysis input. */
  snapshotSha256: string;
  softwareVersion: string;
  generatedAt: string;
  /** True when the data are the synthetic demo or a generated cohort. */
  synthetic: boolean;
  parameters: {
    adjust: AdjustMethod;
    confidenceLevel: number;
    /** How the multiplicity families are formed. */
    family: string;
    lesionThreshold: string;
    analysisSet: string;
  };
  counts: { participants: number; analysed: Record<Arm, number>; excluded: number };
  exclusions: { code: string; reason: ExclusionReason; detail: string | null }[];
}

export interface AnalysisResult {
  primary: PrimaryRow[];
  secondary: SecondaryOutcomes;
  baseline: BaselineRow[];
  participants: ParticipantOutcome[];
  readingQuality: ReadingQuality;
  provenance: Provenance;
}
