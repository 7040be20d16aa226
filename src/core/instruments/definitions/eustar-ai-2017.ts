import { booleanItem, integerItem, numberItem, text } from '../item-builders.ts';
import type { InstrumentDefinition, ItemValues } from '../types.ts';
import { missingItems } from '../validate.ts';

/**
 * Revised EUSTAR activity index for systemic sclerosis, 0-10.
 * Valentini G, Iudici M, Walker UA, et al. The European Scleroderma Trials and Research group (EUSTAR) task force
 * for the development of revised activity criteria for systemic sclerosis: derivation and validation of a
 * preliminarily revised EUSTAR activity index. Ann Rheum Dis 2017;76:270-6. doi:10.1136/annrheumdis-2016-209768.
 *
 * The abstract gives the weights: Δ-skin 1.5, mRSS > 18 1.5, digital ulcers 1.5, tendon friction rubs 2.25,
 * CRP > 1 mg/dL 2.25, DLCO < 70 % predicted 1.0; active disease at >= 2.5. All comparisons are strict.
 * CRP is entered in mg/L (the labs form converts), so the rule reads CRP > 10 mg/L.
 */
const ACTIVE_FROM = 2.5;
const MRSS_CUT = 18;
const CRP_CUT_MG_L = 10;
const DLCO_CUT = 70;
const HYBRID_MRSS_WEIGHT = 0.084;

type Variant = 'dichotomous' | 'hybrid';

/** The six components: the weight, and when it applies (the published rule, strict comparisons). */
const COMPONENTS: readonly { id: string; weight: number; applies: (value: number | boolean) => boolean }[] = [
  { id: 'delta_skin', weight: 1.5, applies: (v) => v === true },
  { id: 'mrss', weight: 1.5, applies: (v) => (v as number) > MRSS_CUT },
  { id: 'digital_ulcers', weight: 1.5, applies: (v) => v === true },
  { id: 'tendon_friction_rubs', weight: 2.25, applies: (v) => v === true },
  { id: 'crp_mg_l', weight: 2.25, applies: (v) => (v as number) > CRP_CUT_MG_L },
  { id: 'dlco_percent_predicted', weight: 1, applies: (v) => (v as number) < DLCO_CUT },
];

const weightOf = (id: string): number => COMPONENTS.find((c) => c.id === id)!.weight;

function points(component: (typeof COMPONENTS)[number], value: number | boolean, variant: Variant): number {
  if (component.applies(value)) return component.weight;
  return variant === 'hybrid' && component.id === 'mrss' ? (value as number) * HYBRID_MRSS_WEIGHT : 0;
}

/** The most a component can add, for bounding the index when it is unanswered. */
const maxPoints = (component: (typeof COMPONENTS)[number], variant: Variant): number =>
  variant === 'hybrid' && component.id === 'mrss'
    ? Math.max(component.weight, MRSS_CUT * HYBRID_MRSS_WEIGHT)
    : component.weight;

function bounds(values: ItemValues, variant: Variant): { low: number; high: number } {
  let low = 0;
  let high = 0;
  for (const component of COMPONENTS) {
    const value = values[component.id];
    if (value === undefined) high += maxPoints(component, variant);
    else {
      const earned = points(component, value as number | boolean, variant);
      low += earned;
      high += earned;
    }
  }
  return { low, high };
}

/** "…: 1.5 points" in both languages, from the weights table. */
const pointsText = (id: string, en: string, fr: string) => {
  const weight = weightOf(id);
  return text(
    `${en}: ${weight} point${weight === 1 ? '' : 's'}`,
    `${fr} : ${String(weight).replace('.', ',')} point${weight >= 2 ? 's' : ''}`,
  );
};

export const eustarAi2017: InstrumentDefinition = {
  id: 'eustar-ai-2017',
  version: '1.0.0',
  title: text('Revised EUSTAR activity index (2017)', 'Indice d’activité EUSTAR révisé (2017)'),
  citations: [
    'Valentini G, Iudici M, Walker UA, et al. The European Scleroderma Trials and Research group (EUSTAR) task force for the development of revised activity criteria for systemic sclerosis: derivation and validation of a preliminarily revised EUSTAR activity index. Ann Rheum Dis 2017;76:270-6.',
  ],
  kind: 'scored',
  items: [
    booleanItem(
      'delta_skin',
      'Worsening of the skin reported by the patient in the previous month',
      'Aggravation cutanée rapportée par le patient au cours du mois précédent',
      { help: pointsText('delta_skin', 'Δ-skin', 'Δ-peau') },
    ),
    integerItem('mrss', 'Modified Rodnan skin score', 'Score de Rodnan modifié', 0, 51, {
      help: pointsText(
        'mrss',
        `Total of the mRSS form (0-51); more than ${MRSS_CUT}`,
        `Total du formulaire mRSS (0-51) ; plus de ${MRSS_CUT}`,
      ),
    }),
    booleanItem('digital_ulcers', 'Active digital ulcers', 'Ulcères digitaux actifs', {
      help: pointsText('digital_ulcers', 'Present', 'Présents'),
    }),
    booleanItem('tendon_friction_rubs', 'Tendon friction rubs', 'Crissements tendineux', {
      help: pointsText('tendon_friction_rubs', 'Present', 'Présents'),
    }),
    numberItem('crp_mg_l', 'C-reactive protein', 'Protéine C réactive', 0, 1000, {
      unit: 'mg/L',
      decimals: 1,
      help: pointsText(
        'crp_mg_l',
        `In mg/L (1 mg/dL = 10 mg/L); more than ${CRP_CUT_MG_L} mg/L`,
        `En mg/L (1 mg/dL = 10 mg/L) ; plus de ${CRP_CUT_MG_L} mg/L`,
      ),
    }),
    numberItem(
      'dlco_percent_predicted',
      'Diffusing capacity for carbon monoxide (DLCO)',
      'Capacité de diffusion du monoxyde de carbone (DLCO)',
      0,
      200,
      {
        unit: '% predicted',
        decimals: 0,
        help: pointsText(
          'dlco_percent_predicted',
          `Below ${DLCO_CUT} % of predicted`,
          `Moins de ${DLCO_CUT} % de la valeur théorique`,
        ),
      },
    ),
  ],
  variants: [
    {
      name: 'dichotomous',
      description: text(
        'mRSS > 18 scores 1.5, otherwise 0, as published (abstract of Valentini 2017)',
        'mRSS > 18 vaut 1,5, sinon 0, comme publié (résumé de Valentini 2017)',
      ),
    },
    {
      name: 'hybrid',
      description: text(
        'mRSS <= 18 contributes mRSS × 0.084 (as in some calculators; not given by the abstract), mRSS > 18 scores 1.5',
        'mRSS <= 18 compte pour mRSS × 0,084 (comme certains calculateurs ; absent du résumé), mRSS > 18 vaut 1,5',
      ),
    },
  ],
  score({ values, variant }) {
    const missing = missingItems(eustarAi2017, values);
    const { low, high } = bounds(values, variant as Variant);
    // With items missing the activity is still known when the answered ones already reach the cut-off, or when
    // even the largest contribution of the missing ones could not.
    const interpretation = low >= ACTIVE_FROM ? 'active' : high < ACTIVE_FROM ? 'inactive' : null;
    return {
      total: missing.length ? null : low,
      complete: missing.length === 0,
      missing,
      interpretation,
    };
  },
};
