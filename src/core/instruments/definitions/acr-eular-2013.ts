import { booleanItem, text } from '../item-builders.ts';
import type { BooleanItem, InstrumentDefinition, ItemValues, LocalizedText } from '../types.ts';
import { missingItems } from '../validate.ts';

/**
 * 2013 ACR/EULAR classification criteria for systemic sclerosis (SSc).
 * van den Hoogen F, Khanna D, Fransen J, et al. 2013 classification criteria for systemic sclerosis: an American
 * College of Rheumatology/European League Against Rheumatism collaborative initiative. Arthritis Rheum
 * 2013;65:2737-47 and Ann Rheum Dis 2013;72:1747-55 (table 1: items and weights; table 2: definitions).
 *
 * Skin thickening of the fingers of both hands extending proximal to the MCP joints is sufficient on its own.
 * Otherwise each category contributes the highest weight among its items present, and a sum >= 9 classifies.
 * The criteria do not apply to skin thickening sparing the fingers, nor when a scleroderma-like disorder better
 * explains the manifestations (table 1, footnote).
 */
const SUFFICIENT = 'skin_thickening_proximal_mcp';
const APPLICABILITY = ['skin_thickening_sparing_fingers', 'better_explained_by_scleroderma_like_disorder'];
const THRESHOLD = 9;
/** The sufficient criterion weighs 9 in table 1, the threshold itself. */
const SUFFICIENT_WEIGHT = 9;

/** The additive categories: [item id, weight]; within a category only the highest weight counts. */
const CATEGORIES: readonly (readonly [id: string, weight: number][])[] = [
  [
    ['puffy_fingers', 2],
    ['sclerodactyly', 4],
  ],
  [
    ['digital_tip_ulcers', 2],
    ['fingertip_pitting_scars', 3],
  ],
  [['telangiectasia', 2]],
  [['abnormal_nailfold_capillaries', 2]],
  [
    ['pulmonary_arterial_hypertension', 2],
    ['interstitial_lung_disease', 2],
  ],
  [['raynaud_phenomenon', 3]],
  [
    ['anticentromere', 3],
    ['anti_topoisomerase_i', 3],
    ['anti_rna_polymerase_iii', 3],
  ],
];

const section = {
  skin: text('Skin', 'Peau'),
  fingertips: text('Fingertip lesions', 'Lésions pulpaires'),
  vascular: text('Vascular', 'Atteinte vasculaire'),
  lung: text('Lung', 'Poumon'),
  antibodies: text('SSc-related autoantibodies', 'Auto-anticorps associés à la ScS'),
  applicability: text('Applicability', 'Applicabilité'),
};

/**
 * The help states each item's weight from the CATEGORIES table (never retyped), and for a category of several items
 * that only the highest weight counts.
 */
function weightNote(id: string): LocalizedText {
  if (id === SUFFICIENT) {
    return text(
      `sufficient criterion: classifies on its own (weight ${SUFFICIENT_WEIGHT})`,
      `critère suffisant : classe à lui seul (poids ${SUFFICIENT_WEIGHT})`,
    );
  }
  const category = CATEGORIES.find((c) => c.some(([itemId]) => itemId === id));
  const weight = category?.find(([itemId]) => itemId === id)?.[1];
  if (!category || weight === undefined) return text('', '');
  return category.length > 1
    ? text(
        `weight ${weight}; only the highest weight of its category counts`,
        `poids ${weight} ; seul le poids le plus élevé de sa catégorie compte`,
      )
    : text(`weight ${weight}`, `poids ${weight}`);
}

const item = (
  id: string,
  en: string,
  fr: string,
  helpEn: string,
  helpFr: string,
  where: BooleanItem['section'],
): BooleanItem => {
  const note = weightNote(id);
  const help = note.en ? text(`${helpEn} (${note.en})`, `${helpFr} (${note.fr})`) : text(helpEn, helpFr);
  return booleanItem(id, en, fr, { help, section: where });
};

const ANTIBODY_HELP: [string, string] = [
  "Positive according to the laboratory's reference range",
  'Positif selon les valeurs de référence du laboratoire',
];

const ITEMS: BooleanItem[] = [
  item(
    SUFFICIENT,
    'Skin thickening of the fingers of both hands extending proximal to the metacarpophalangeal joints',
    'Épaississement cutané des doigts des deux mains s’étendant en amont des articulations métacarpophalangiennes',
    'Both hands',
    'Deux mains',
    section.skin,
  ),
  item(
    'puffy_fingers',
    'Puffy fingers',
    'Doigts boudinés',
    'Diffuse, usually non-pitting swelling of the digits beyond the joint capsules, not due to another cause such as dactylitis',
    'Tuméfaction diffuse des doigts, habituellement sans godet, dépassant les capsules articulaires, sans autre cause telle qu’une dactylite',
    section.skin,
  ),
  item(
    'sclerodactyly',
    'Sclerodactyly of the fingers (distal to the metacarpophalangeal, proximal to the proximal interphalangeal joints)',
    'Sclérodactylie des doigts (en aval des métacarpophalangiennes, en amont des interphalangiennes proximales)',
    'Skin thickening distal to the metacarpophalangeal joints',
    'Épaississement cutané en aval des métacarpophalangiennes',
    section.skin,
  ),
  item(
    'digital_tip_ulcers',
    'Digital tip ulcers',
    'Ulcères pulpaires digitaux',
    'Ulcers at or distal to the proximal interphalangeal joint, not due to trauma',
    'Ulcères au niveau ou en aval de l’interphalangienne proximale, non traumatiques',
    section.fingertips,
  ),
  item(
    'fingertip_pitting_scars',
    'Fingertip pitting scars',
    'Cicatrices pulpaires déprimées',
    'Depressed areas at the digital tips from ischaemia, not from trauma or exogenous causes',
    'Dépressions pulpaires d’origine ischémique, ni traumatiques ni exogènes',
    section.fingertips,
  ),
  item(
    'telangiectasia',
    'Telangiectasia',
    'Télangiectasies',
    'Macular dilated superficial vessels that blanch on pressure and refill slowly, in a scleroderma pattern: round and well demarcated on hands, lips or inside the mouth, or large mat-like',
    'Vaisseaux superficiels dilatés maculeux, s’effaçant à la pression et se remplissant lentement, de type sclérodermique : arrondis et bien limités aux mains, aux lèvres ou dans la bouche, ou grandes télangiectasies en nappe',
    section.vascular,
  ),
  item(
    'abnormal_nailfold_capillaries',
    'Abnormal nailfold capillaries',
    'Anomalies capillaroscopiques péri-unguéales',
    'Enlarged capillaries and/or capillary loss, with or without pericapillary haemorrhages, at the nailfold',
    'Capillaires dilatés et/ou raréfaction capillaire, avec ou sans hémorragies péricapillaires, au repli unguéal',
    section.vascular,
  ),
  item(
    'pulmonary_arterial_hypertension',
    'Pulmonary arterial hypertension',
    'Hypertension artérielle pulmonaire',
    'Diagnosed by right heart catheterisation according to standard definitions',
    'Diagnostiquée par cathétérisme cardiaque droit selon les définitions en vigueur',
    section.lung,
  ),
  item(
    'interstitial_lung_disease',
    'Interstitial lung disease',
    'Pneumopathie interstitielle diffuse',
    'Pulmonary fibrosis on high-resolution CT or chest radiograph, mostly basal, or Velcro crackles, not due to another cause such as heart failure',
    'Fibrose pulmonaire au scanner haute résolution ou à la radiographie, prédominant aux bases, ou crépitants « velcro », sans autre cause telle qu’une insuffisance cardiaque',
    section.lung,
  ),
  item(
    'raynaud_phenomenon',
    'Raynaud’s phenomenon',
    'Phénomène de Raynaud',
    'Reported by the patient or a physician, with at least two colour phases of the fingers and often toes (pallor, cyanosis, reactive hyperaemia) on cold or emotion',
    'Rapporté par le patient ou un médecin, avec au moins deux phases de changement de couleur des doigts et souvent des orteils (pâleur, cyanose, hyperhémie réactionnelle) au froid ou à l’émotion',
    section.vascular,
  ),
  item(
    'anticentromere',
    'Anticentromere antibodies',
    'Anticorps anticentromère',
    ...ANTIBODY_HELP,
    section.antibodies,
  ),
  item(
    'anti_topoisomerase_i',
    'Anti-topoisomerase I (anti-Scl-70) antibodies',
    'Anticorps anti-topo-isomérase I (anti-Scl-70)',
    ...ANTIBODY_HELP,
    section.antibodies,
  ),
  item(
    'anti_rna_polymerase_iii',
    'Anti-RNA polymerase III antibodies',
    'Anticorps anti-ARN polymérase III',
    ...ANTIBODY_HELP,
    section.antibodies,
  ),
  item(
    'skin_thickening_sparing_fingers',
    'Skin thickening sparing the fingers',
    'Épaississement cutané épargnant les doigts',
    'If yes, the criteria are not applicable',
    'Si oui, les critères ne sont pas applicables',
    section.applicability,
  ),
  item(
    'better_explained_by_scleroderma_like_disorder',
    'Manifestations better explained by a scleroderma-like disorder',
    'Manifestations mieux expliquées par une affection sclérodermiforme',
    'E.g. nephrogenic sclerosing fibrosis, generalised morphoea, eosinophilic fasciitis, scleredema diabeticorum, scleromyxoedema, erythromyalgia, porphyria, lichen sclerosus, graft-versus-host disease, diabetic cheiroarthropathy. If yes, the criteria are not applicable',
    'P. ex. fibrose systémique néphrogénique, morphée généralisée, fasciite à éosinophiles, sclérœdème diabétique, scléromyxœdème, érythromélalgie, porphyrie, lichen scléreux, réaction du greffon contre l’hôte, chéiroarthropathie diabétique. Si oui, les critères ne sont pas applicables',
    section.applicability,
  ),
];

/**
 * Lowest and highest possible additive score: an unanswered item may be present or absent, so the classification
 * is stated only when every way of answering the missing items gives the same one.
 */
function additiveBounds(values: ItemValues): { low: number; high: number } {
  let low = 0;
  let high = 0;
  for (const category of CATEGORIES) {
    const weights = (present: (value: unknown) => boolean) =>
      Math.max(0, ...category.filter(([id]) => present(values[id])).map(([, weight]) => weight));
    low += weights((v) => v === true);
    high += weights((v) => v === true || v === undefined);
  }
  return { low, high };
}

export type AcrEularClassification = 'ssc' | 'not_classified' | 'not_applicable';

function classify(values: ItemValues, low: number, high: number): AcrEularClassification | null {
  if (APPLICABILITY.some((id) => values[id] === true)) return 'not_applicable';
  if (APPLICABILITY.some((id) => values[id] === undefined)) return null;
  if (values[SUFFICIENT] === true || low >= THRESHOLD) return 'ssc';
  if (values[SUFFICIENT] === false && high < THRESHOLD) return 'not_classified';
  return null;
}

export const acrEular2013: InstrumentDefinition = {
  id: 'acr-eular-2013',
  version: '1.0.0',
  title: text(
    'ACR/EULAR 2013 classification criteria for systemic sclerosis',
    'Critères de classification ACR/EULAR 2013 de la sclérodermie systémique',
  ),
  citations: [
    'van den Hoogen F, Khanna D, Fransen J, et al. 2013 classification criteria for systemic sclerosis: an American College of Rheumatology/European League Against Rheumatism collaborative initiative. Arthritis Rheum 2013;65:2737-47.',
    'van den Hoogen F, Khanna D, Fransen J, et al. 2013 classification criteria for systemic sclerosis: an American College of Rheumatology/European League Against Rheumatism collaborative initiative. Ann Rheum Dis 2013;72:1747-55.',
  ],
  kind: 'scored',
  items: ITEMS,
  variants: [
    {
      name: 'capped',
      description: text(
        'Total 9 when the sufficient criterion is met, otherwise the additive score (instruments.md)',
        'Total de 9 si le critère suffisant est rempli, sinon le score additif (instruments.md)',
      ),
    },
    {
      name: 'summed',
      description: text(
        'Total = 9 + additive score when the sufficient criterion is met, as the paper adds the highest weight of every item (0-28)',
        'Total = 9 + score additif si le critère suffisant est rempli, l’article additionnant le poids maximal de chaque item (0-28)',
      ),
    },
  ],
  score({ values, variant }) {
    const missing = missingItems(acrEular2013, values);
    const { low, high } = additiveBounds(values);
    const additive = low === high ? low : null;
    const sufficient = typeof values[SUFFICIENT] === 'boolean' ? values[SUFFICIENT] : null;
    let total: number | null = null;
    if (sufficient === true)
      total =
        variant === 'summed' ? (additive === null ? null : SUFFICIENT_WEIGHT + additive) : SUFFICIENT_WEIGHT;
    else if (sufficient === false) total = additive;
    const classification = classify(values, low, high);
    return {
      total,
      complete: missing.length === 0,
      missing,
      interpretation: classification,
      sufficient,
      additive,
      classification,
    };
  },
};
