/**
 * A small, hand-made analysis result for the report's tests: every part of the result filled (Table 1, the five
 * primary abnormalities with a few sites, each secondary outcome, reading quality, exclusions), with figures that are
 * easy to find in a rendered report.
 */
import type {
  AnalysisResult,
  BinaryComparison,
  ContinuousSummary,
  PrimaryAbnormality,
  PrimaryRow,
  Proportion,
} from '../analysis/types.ts';
import { PRIMARY_ABNORMALITIES } from '../analysis/types.ts';
import { structureById } from '../anatomy/hand.ts';

const proportion = (n: number, N: number): Proportion => ({
  n,
  N,
  estimate: N === 0 ? null : n / N,
  ci: N === 0 ? null : [Math.max(0, n / N - 0.2), Math.min(1, n / N + 0.2)],
});

function comparison(ssc: [number, number], control: [number, number], pValue: number): BinaryComparison {
  const a = proportion(...ssc);
  const b = proportion(...control);
  const difference = (a.estimate ?? 0) - (b.estimate ?? 0);
  return {
    ssc: a,
    control: b,
    difference: { estimate: difference, ci: [difference - 0.3, difference + 0.3] },
    pValue,
    oddsRatio: null,
    missing: { ssc: 0, control: 1 },
  };
}

const summary = (median: number, n = 10): ContinuousSummary => ({
  n,
  missing: 1,
  mean: median + 0.5,
  sd: 2,
  median,
  q1: median - 1,
  q3: median + 1,
  min: median - 3,
  max: median + 3,
});

/** Sites drawn on the diagram for each abnormality, one per kind the abnormality is scored at. */
const SITES: Record<PrimaryAbnormality, string[]> = {
  erosion: ['R.bone.lunate', 'L.bone.mc2.head'],
  bone_oedema: ['R.bone.scaphoid'],
  synovitis: ['R.MCP2', 'L.RC'],
  tenosynovitis: ['R.tendon.extensor.4', 'L.tendon.flexor.2'],
  effusion: ['L.PIP3'],
};

function primaryRows(): PrimaryRow[] {
  return PRIMARY_ABNORMALITIES.flatMap((abnormality, i): PrimaryRow[] => [
    {
      ...comparison([12 + i, 20], [2, 15], 0.0004 * (i + 1)),
      oddsRatio: { estimate: 8.5, ci: [1.5, 90.25] },
      abnormality,
      site: 'any',
      level: 'any',
      side: null,
      kind: null,
      label: { en: 'Any site', fr: 'Tout site' },
      pAdjusted: 0.0004 * (i + 1),
    },
    ...SITES[abnormality].flatMap((site, j): PrimaryRow[] => {
      const structure = structureById(site);
      if (!structure) throw new Error(`unknown site ${site}`);
      return [
        {
          ...comparison([5 + j, 20], [1, 15], 0.03),
          abnormality,
          site,
          level: 'site',
          side: structure.side,
          kind: structure.kind,
          label: structure.label,
          pAdjusted: 0.06,
        },
        {
          ...comparison([7 + j, 20], [1, 15], 0.02),
          abnormality,
          site: structure.pooledId,
          level: 'pooled',
          side: null,
          kind: structure.kind,
          label: { en: `${structure.pooledId} (pooled)`, fr: `${structure.pooledId} (regroupé)` },
          pAdjusted: 0.04,
        },
      ];
    }),
  ]);
}

export function sampleAnalysisResult(): AnalysisResult {
  const secondaryRow = (id: string, en: string, fr: string, unit: 'participant' | 'hand' | 'finger') => ({
    ...comparison([9, 20], [1, 15], 0.004),
    id,
    label: { en, fr },
    unit,
    side: null,
  });
  return {
    primary: primaryRows(),
    baseline: [
      {
        type: 'continuous',
        variable: 'age',
        label: { en: 'Age', fr: 'Âge' },
        unit: 'years',
        arms: ['ssc', 'control'],
        ssc: summary(56),
        control: summary(51),
        test: 'mann-whitney',
        pValue: 0.21,
      },
      {
        type: 'categorical',
        variable: 'sex',
        label: { en: 'Sex', fr: 'Sexe' },
        arms: ['ssc', 'control'],
        levels: [
          {
            value: 'F',
            label: { en: 'Female', fr: 'Femme' },
            ssc: proportion(17, 20),
            control: proportion(11, 15),
          },
          {
            value: 'M',
            label: { en: 'Male', fr: 'Homme' },
            ssc: proportion(3, 20),
            control: proportion(4, 15),
          },
        ],
        missing: { ssc: 0, control: 0 },
        test: 'fisher',
        pValue: 0.43,
      },
    ],
    secondary: {
      arterial: {
        arteries: [
          secondaryRow(
            'artery.digital.2.radial',
            'Digital artery 2 radial',
            'Artère digitale 2 radiale',
            'hand',
          ),
        ],
        fingers: [secondaryRow('finger.3', 'Finger 3', '3e doigt', 'finger')],
        participants: [
          secondaryRow(
            'any',
            'Any abnormal digital artery',
            'Au moins une artère digitale anormale',
            'participant',
          ),
        ],
        leydenChang: {
          categories: [1, 2, 3, 4].map((type) => ({
            value: String(type),
            label: { en: `Type ${type}`, fr: `Type ${type}` },
            ssc: proportion(type === 1 ? 28 : 4, 40),
            control: proportion(type === 1 ? 27 : 1, 30),
          })),
          unit: 'hand',
          missing: { ssc: 0, control: 0 },
          test: 'fisher',
          pValue: 0.12,
        },
      },
      venous: {
        participants: secondaryRow(
          'any',
          'Participants without venous return',
          'Participants sans retour veineux',
          'participant',
        ),
        hands: secondaryRow('any', 'Hands without venous return', 'Mains sans retour veineux', 'hand'),
        fingers: secondaryRow('any', 'Fingers without venous return', 'Doigts sans retour veineux', 'finger'),
        byFinger: [secondaryRow('finger.2', 'Finger 2', '2e doigt', 'finger')],
      },
      correlations: [
        {
          measure: 'lesion_count',
          measureKind: 'continuous',
          factor: 'mrss',
          factorLabel: { en: 'mRSS', fr: 'mRSS' },
          factorKind: 'continuous',
          n: 19,
          missing: 1,
          spearman: { rho: 0.41, ci: [-0.05, 0.73], pValue: 0.08 },
          mannWhitney: null,
          fisher: null,
        },
      ],
      sodium: [
        {
          joint: 'all',
          label: { en: 'All joints', fr: 'Toutes les articulations' },
          ssc: summary(142, 8),
          control: summary(131, 6),
          welch: { pValue: 0.01, difference: 11, ci: [3, 19] },
          mannWhitney: { pValue: 0.02, W: 40 },
          points: { ssc: [139, 141, 142, 143, 150, 138, 145, 147], control: [128, 130, 131, 133, 129, 136] },
        },
      ],
    },
    participants: [
      { code: 'P-0001', arm: 'ssc', analysed: true, reason: null, detail: null },
      {
        code: 'P-0049',
        arm: 'control',
        analysed: false,
        reason: 'withdrawn',
        detail: 'withdrawn before the MRI',
      },
    ],
    readingQuality: {
      exams: 36,
      final: 35,
      finalWithinDeadline: proportion(31, 36),
      deadlineDays: 7,
      daysToFinal: summary(3, 35),
      daysToFinalHistogram: [
        { days: 1, count: 10 },
        { days: 3, count: 15 },
        { days: 6, count: 6 },
        { days: 9, count: 4 },
      ],
      agreement: [
        {
          item: 'erosion',
          label: { en: 'Bone erosion', fr: 'Érosion osseuse' },
          weighting: 'quadratic',
          pairs: 30,
          kappa: 0.78,
        },
      ],
    },
    provenance: {
      snapshotSha256: 'a'.repeat(64),
      softwareVersion: '0.0.0-test',
      generatedAt: '2026-12-06T11:00:00.000Z',
      synthetic: true,
      parameters: {
        adjust: 'holm',
        confidenceLevel: 0.95,
        family: 'per abnormality',
        lesionThreshold: 'grade ≥ 1',
        analysisSet: 'included or completed with a final reading',
      },
      counts: { participants: 36, analysed: { ssc: 20, control: 15 }, excluded: 1 },
      exclusions: [{ code: 'P-0049', reason: 'withdrawn', detail: 'withdrawn before the MRI' }],
    },
  };
}
