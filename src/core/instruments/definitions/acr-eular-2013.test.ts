import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { acrEular2013 } from './acr-eular-2013.ts';

const IDS = acrEular2013.items.map((i) => i.id);
/** Every item answered "no", then the given ones "yes". */
const answers = (...present: string[]) => Object.fromEntries(IDS.map((id) => [id, present.includes(id)]));
const score = (input: Record<string, unknown>, variant?: string) =>
  scoreInstrument(acrEular2013, input, variant);

describe('acr-eular-2013 (van den Hoogen 2013, table 1)', () => {
  it('has the 13 weighted items and the 2 applicability items of instruments.md', () => {
    expect(IDS).toHaveLength(15);
  });
  it('classifies on the sufficient criterion alone: total 9, additive 0', () => {
    expect(score(answers('skin_thickening_proximal_mcp'))).toMatchObject({
      total: 9,
      sufficient: true,
      additive: 0,
      classification: 'ssc',
      interpretation: 'ssc',
      complete: true,
    });
  });
  it('classifies at exactly 9 (inclusive): sclerodactyly 4 + Raynaud 3 + telangiectasia 2', () => {
    expect(score(answers('sclerodactyly', 'raynaud_phenomenon', 'telangiectasia'))).toMatchObject({
      total: 9,
      additive: 9,
      sufficient: false,
      classification: 'ssc',
    });
  });
  it('does not classify at 8: Raynaud 3 + anticentromere 3 + telangiectasia 2', () => {
    expect(score(answers('raynaud_phenomenon', 'anticentromere', 'telangiectasia'))).toMatchObject({
      total: 8,
      classification: 'not_classified',
    });
  });
  it('counts only the higher weight within skin of the fingers and within fingertip lesions', () => {
    // 2 + 4 and 2 + 3 would be 11; the categories give 4 + 3 = 7.
    const result = score(
      answers('puffy_fingers', 'sclerodactyly', 'digital_tip_ulcers', 'fingertip_pitting_scars'),
    );
    expect(result).toMatchObject({ additive: 7, classification: 'not_classified' });
  });
  it('caps PAH and ILD together at 2: Raynaud 3 + puffy 2 + PAH + ILD is 7, not 9', () => {
    expect(
      score(
        answers(
          'raynaud_phenomenon',
          'puffy_fingers',
          'pulmonary_arterial_hypertension',
          'interstitial_lung_disease',
        ),
      ),
    ).toMatchObject({ additive: 7, classification: 'not_classified' });
  });
  it('caps the three autoantibodies at 3: Raynaud 3 + puffy 2 + all three antibodies is 8', () => {
    expect(
      score(
        answers(
          'raynaud_phenomenon',
          'puffy_fingers',
          'anticentromere',
          'anti_topoisomerase_i',
          'anti_rna_polymerase_iii',
        ),
      ),
    ).toMatchObject({ additive: 8, classification: 'not_classified' });
  });
  it('reaches the maximum additive score of 19 with every additive item', () => {
    const all = IDS.filter(
      (id) =>
        ![
          'skin_thickening_proximal_mcp',
          'skin_thickening_sparing_fingers',
          'better_explained_by_scleroderma_like_disorder',
        ].includes(id),
    );
    expect(score(answers(...all))).toMatchObject({ additive: 19, total: 19, classification: 'ssc' });
  });
  it('is not applicable when a scleroderma-like disorder explains the findings, whatever the score', () => {
    expect(
      score(answers('skin_thickening_proximal_mcp', 'better_explained_by_scleroderma_like_disorder')),
    ).toMatchObject({ total: 9, classification: 'not_applicable', interpretation: 'not_applicable' });
    expect(
      score(answers('sclerodactyly', 'raynaud_phenomenon', 'skin_thickening_sparing_fingers')).classification,
    ).toBe('not_applicable');
  });
  it('still classifies when the missing items cannot change the outcome', () => {
    const sufficientOnly = {
      skin_thickening_proximal_mcp: true,
      skin_thickening_sparing_fingers: false,
      better_explained_by_scleroderma_like_disorder: false,
    };
    expect(score(sufficientOnly)).toMatchObject({
      total: 9,
      additive: null,
      classification: 'ssc',
      complete: false,
    });
    const { telangiectasia: _t, ...withoutTelangiectasia } = answers();
    expect(score(withoutTelangiectasia)).toMatchObject({
      total: null,
      classification: 'not_classified',
      missing: ['telangiectasia'],
    });
  });
  it('gives no classification while missing items could still decide it, nor while applicability is unanswered', () => {
    const { telangiectasia: _t, ...rest } = answers('sclerodactyly', 'raynaud_phenomenon');
    expect(score(rest)).toMatchObject({
      total: null,
      additive: null,
      classification: null,
      interpretation: null,
    });
    const { better_explained_by_scleroderma_like_disorder: _b, ...noApplicability } = answers(
      'skin_thickening_proximal_mcp',
    );
    expect(score(noApplicability)).toMatchObject({ total: 9, classification: null, complete: false });
    expect(score({ raynaud_phenomenon: 'UNK' })).toMatchObject({ total: null, classification: null });
  });
  it('variant summed adds the additive score to the sufficient 9, as the paper sums all items', () => {
    const input = answers('skin_thickening_proximal_mcp', 'sclerodactyly', 'raynaud_phenomenon');
    expect(score(input).total).toBe(9);
    expect(score(input, 'summed')).toMatchObject({ total: 16, variant: 'summed', classification: 'ssc' });
    expect(score(answers('sclerodactyly'), 'summed').total).toBe(4);
  });
  it('refuses non-boolean answers and unknown variants', () => {
    expect(() => score({ ...answers(), puffy_fingers: 'yes' })).toThrow(
      expect.objectContaining({
        fields: [
          { path: 'puffy_fingers', code: 'invalid_type', message: expect.stringContaining('true or false') },
        ],
      }),
    );
    expect(() => score(answers(), 'weighted')).toThrow(
      expect.objectContaining({
        fields: [{ path: 'variant', code: 'invalid_option', message: 'one of: capped, summed' }],
      }),
    );
  });
});
