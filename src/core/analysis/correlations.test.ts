import { describe, expect, it } from 'vitest';
import { readingItem } from '../reading/items.ts';
import { sitesOf } from '../reading/sites.ts';
import { correlationRows } from './correlations.ts';
import type { ParticipantInput } from './input.ts';

/**
 * The protocol's factors (NCT04223817, secondary outcomes 3 and 4), each with the id its correlation rows carry.
 * Sex, smoking and the SSc subset are yes/no factors here (female, ever smoker, diffuse subset).
 */
const PROTOCOL_FACTORS = [
  'age',
  'disease_duration',
  'bmi',
  'mrss',
  'interlabial_distance',
  'female',
  'ever_smoker',
  'diffuse_subset',
  'anticentromere',
  'anti_topoisomerase',
  'anti_rnap3',
  'antiphospholipid',
  'immunosuppressant',
  'vasoactive',
  'raynaud_phenomenon',
  'digital_ulcers',
  'pulmonary_hypertension',
  'interstitial_lung_disease',
  'gi_involvement',
  'renal_crisis',
  'arthritis',
  'myopathy',
  'calcinosis',
  'telangiectasia',
  'eustar_ai',
  'nt_probnp',
  'troponin',
  'crp',
  'scleroderma_capillaroscopy',
  'raynaud_condition_score',
  'raynaud_vas',
  'ssc_haq',
  'cochin',
];

const bones = sitesOf(readingItem('erosion'), ['R']).map((s) => s.id);
const digitalArteries = sitesOf(readingItem('artery_status'), ['R']).map((s) => s.id);

/** An SSc patient with erosions at `lesions` bones and `occluded` occluded digital arteries of the right hand. */
function patient(i: number, lesions: number, occluded: number): ParticipantInput {
  return {
    code: `P-${i}`,
    arm: 'ssc',
    status: 'completed',
    exam: {
      code: `MR-${i}`,
      acquiredAt: '2026-03-02T09:00:00.000Z',
      status: 'complete',
      hands: 'right',
      readingStatus: 'final',
      finalizedAt: '2026-03-05T09:00:00.000Z',
      final: {
        abnormal: [
          ...bones.slice(0, lesions).map((site) => ({ site, item: 'erosion' as const, value: 1 })),
          ...digitalArteries
            .slice(0, occluded)
            .map((site) => ({ site, item: 'artery_status' as const, value: 'occluded' })),
        ],
        unscored: [],
      },
    },
    forms: {},
    sodium: [],
  };
}

describe('correlations in SSc patients', () => {
  const lesions = [0, 1, 2, 3, 4, 5, 6, 7];
  const occluded = [0, 0, 1, 1, 2, 3, 2, 4];
  const rows = correlationRows(
    lesions.map((n, i) => patient(i, n, occluded[i]!)),
    0.95,
  );

  it('correlates every involvement measure with every factor the protocol lists', () => {
    for (const measure of ['osteoarticular_any', 'lesion_count', 'ramris_sum', 'arterial_any'] as const) {
      const factors = rows.filter((r) => r.measure === measure).map((r) => r.factor);
      expect(factors).toEqual(expect.arrayContaining(PROTOCOL_FACTORS));
    }
  });

  it('correlates osteoarticular involvement with hand vascular involvement, and the other way round', () => {
    const factorsOf = (measure: string) => rows.filter((r) => r.measure === measure).map((r) => r.factor);
    expect(factorsOf('lesion_count')).toEqual(
      expect.arrayContaining(['arterial_any', 'abnormal_digital_arteries']),
    );
    expect(factorsOf('abnormal_digital_arteries')).toEqual(
      expect.arrayContaining(['osteoarticular_any', 'lesion_count', 'ramris_sum']),
    );
    expect(factorsOf('lesion_count')).not.toContain('lesion_count');
  });

  it('gives the Spearman rho and p of R for lesion count against abnormal digital arteries', () => {
    // R 4: cor.test(c(0:7), c(0,0,1,1,2,3,2,4), method = "spearman") (ties: asymptotic t approximation)
    const row = rows.find((r) => r.measure === 'lesion_count' && r.factor === 'abnormal_digital_arteries')!;
    expect(row.n).toBe(8);
    expect(row.spearman!.rho).toBeCloseTo(0.9456108576893, 12);
    expect(row.spearman!.pValue).toBeCloseTo(0.000386002709731826, 12);
    // The symmetric row, from the arterial side, is the same correlation.
    const back = rows.find((r) => r.measure === 'abnormal_digital_arteries' && r.factor === 'lesion_count')!;
    expect(back.spearman!.rho).toBeCloseTo(row.spearman!.rho, 14);
  });

  it('compares abnormal digital arteries between patients with and without an osteoarticular lesion as R does', () => {
    // R 4: wilcox.test(y[a], y[!a], correct = TRUE)$p.value, a = lesions > 0 (ties: normal approximation)
    const row = rows.find(
      (r) => r.measure === 'osteoarticular_any' && r.factor === 'abnormal_digital_arteries',
    )!;
    expect(row.mannWhitney!.groupedBy).toBe('measure');
    expect(row.mannWhitney!.pValue).toBeCloseTo(0.266520525805011, 12);
  });
});
