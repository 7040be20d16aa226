import { booleanItem, integerItem, levels, text } from '../item-builders.ts';
import type { BooleanItem, InstrumentDefinition, IntegerItem, ItemValues, VariantDef } from '../types.ts';
import { missingItems } from '../validate.ts';

/**
 * Stanford Health Assessment Questionnaire disability index (HAQ-DI), 0-3.
 * Fries JF, Spitz P, Kraines RG, Holman HR. Measurement of patient outcome in arthritis. Arthritis Rheum
 * 1980;23:137-45. Bruce B, Fries JF. The Stanford Health Assessment Questionnaire: dimensions and practical
 * applications. Health Qual Life Outcomes 2003;1:20 (scoring rules).
 *
 * 20 items 0-3 in 8 categories. A category scores its highest answered item; an aid, device or help from another
 * person for the category raises a score of 0 or 1 to 2. The index is the mean of the scored categories and needs at
 * least 6 of the 8. Aids belong to seven categories (none is listed for "activities"); help to all eight.
 */
const MIN_CATEGORIES = 6;

interface Category {
  id: string;
  name: [en: string, fr: string];
  items: readonly [en: string, fr: string][];
  /** The devices the questionnaire lists for the category, when it lists any. */
  aids?: [en: string, fr: string];
}

const CATEGORIES: readonly Category[] = [
  {
    id: 'dressing',
    name: ['Dressing and grooming', 'Habillement et soins personnels'],
    items: [
      [
        'Dress yourself, including tying shoelaces and doing buttons?',
        'Vous habiller, y compris lacer vos chaussures et boutonner vos vêtements ?',
      ],
      ['Shampoo your hair?', 'Vous laver les cheveux ?'],
    ],
    aids: [
      'Devices used for dressing (button hook, zipper pull, long-handled shoe horn…)',
      'Aides à l’habillage (tire-bouton, tire-fermeture éclair, chausse-pied à long manche…)',
    ],
  },
  {
    id: 'arising',
    name: ['Arising', 'Se lever'],
    items: [
      ['Stand up from a straight chair?', 'Vous lever d’une chaise droite sans accoudoirs ?'],
      ['Get in and out of bed?', 'Vous mettre au lit et vous lever du lit ?'],
    ],
    aids: ['Special or built-up chair', 'Chaise spéciale ou rehaussée'],
  },
  {
    id: 'eating',
    name: ['Eating', 'Manger'],
    items: [
      ['Cut your meat?', 'Couper votre viande ?'],
      ['Lift a full cup or glass to your mouth?', 'Porter à votre bouche une tasse ou un verre plein ?'],
      ['Open a new milk carton?', 'Ouvrir une brique de lait neuve ?'],
    ],
    aids: ['Built-up or special utensils', 'Couverts adaptés ou à manche épaissi'],
  },
  {
    id: 'walking',
    name: ['Walking', 'Marcher'],
    items: [
      ['Walk outdoors on flat ground?', 'Marcher dehors en terrain plat ?'],
      ['Climb up five steps?', 'Monter cinq marches ?'],
    ],
    aids: ['Cane, walker, crutches or wheelchair', 'Canne, déambulateur, béquilles ou fauteuil roulant'],
  },
  {
    id: 'hygiene',
    name: ['Hygiene', 'Hygiène'],
    items: [
      ['Wash and dry your body?', 'Vous laver et vous sécher entièrement ?'],
      ['Take a tub bath?', 'Prendre un bain dans une baignoire ?'],
      ['Get on and off the toilet?', 'Vous asseoir sur les toilettes et vous en relever ?'],
    ],
    aids: [
      'Raised toilet seat, bathtub seat, bathtub bar or long-handled appliances in the bathroom',
      'Rehausse-WC, siège de baignoire, barre d’appui de baignoire ou ustensiles à long manche pour la toilette',
    ],
  },
  {
    id: 'reach',
    name: ['Reach', 'Atteindre'],
    items: [
      [
        'Reach and get down a 5-pound object (such as a bag of sugar) from just above your head?',
        'Attraper un objet de 2,5 kg (un sac de sucre, par exemple) posé juste au-dessus de votre tête ?',
      ],
      ['Bend down to pick up clothing from the floor?', 'Vous pencher pour ramasser un vêtement par terre ?'],
    ],
    aids: ['Long-handled appliances for reach', 'Pince ou ustensile à long manche pour attraper'],
  },
  {
    id: 'grip',
    name: ['Grip', 'Préhension'],
    items: [
      ['Open car doors?', 'Ouvrir une portière de voiture ?'],
      ['Open jars which have been previously opened?', 'Dévisser le couvercle d’un bocal déjà ouvert ?'],
      ['Turn faucets on and off?', 'Ouvrir et fermer un robinet ?'],
    ],
    aids: ['Jar opener (for jars previously opened)', 'Ouvre-bocal (pour les bocaux déjà ouverts)'],
  },
  {
    id: 'activities',
    name: ['Activities', 'Activités'],
    items: [
      ['Run errands and shop?', 'Faire vos courses et vos achats ?'],
      ['Get in and out of a car?', 'Monter dans une voiture et en descendre ?'],
      [
        'Do chores such as vacuuming or yard work?',
        'Faire des travaux ménagers tels que passer l’aspirateur ou jardiner ?',
      ],
    ],
  },
];

const HAQ_LEVELS = levels(
  ['Without any difficulty', 'Sans aucune difficulté'],
  ['With some difficulty', 'Avec quelque difficulté'],
  ['With much difficulty', 'Avec beaucoup de difficulté'],
  ['Unable to do', 'Incapable de le faire'],
);

const STEM = text(
  'Over the past week, are you able to…',
  'Au cours de la semaine écoulée, êtes-vous capable de…',
);

const itemId = (category: Category, index: number) => `${category.id}_${index + 1}`;

const QUESTION_ITEMS: IntegerItem[] = CATEGORIES.flatMap((category) =>
  category.items.map(([en, fr], index) =>
    integerItem(itemId(category, index), en, fr, 0, 3, {
      levels: HAQ_LEVELS,
      help: STEM,
      section: text(...category.name),
    }),
  ),
);

const AIDS_SECTION = text(
  'Aids, devices and help from another person',
  'Aides techniques et aide d’une tierce personne',
);

const AID_ITEMS: BooleanItem[] = CATEGORIES.flatMap((category) =>
  category.aids
    ? [
        booleanItem(
          `aid_${category.id}`,
          `Uses an aid or device for ${category.name[0].toLowerCase()}`,
          `Utilise une aide technique pour : ${category.name[1].toLowerCase()}`,
          {
            optional: true,
            section: AIDS_SECTION,
            help: text(...category.aids),
          },
        ),
      ]
    : [],
);

const HELP_ITEMS: BooleanItem[] = CATEGORIES.map((category) =>
  booleanItem(
    `help_${category.id}`,
    `Needs help from another person for ${category.name[0].toLowerCase()}`,
    `A besoin de l’aide d’une tierce personne pour : ${category.name[1].toLowerCase()}`,
    {
      optional: true,
      section: AIDS_SECTION,
      help: text(
        'Raises the category score to at least 2 (unless the no-aids variant is chosen)',
        'Porte le score de la catégorie à au moins 2 (sauf avec la variante sans aides)',
      ),
    },
  ),
);

export const HAQ_ITEMS = [...QUESTION_ITEMS, ...AID_ITEMS, ...HELP_ITEMS];

export const HAQ_VARIANTS: readonly VariantDef[] = [
  {
    name: 'standard',
    description: text(
      'Aids, devices and help raise a category score of 0 or 1 to 2 (Bruce and Fries 2003)',
      'Les aides techniques et l’aide d’un tiers portent un score de catégorie de 0 ou 1 à 2 (Bruce et Fries 2003)',
    ),
  },
  {
    name: 'no-aids',
    description: text(
      'Ignores aids, devices and help: each category is its highest item',
      'Ignore les aides : chaque catégorie vaut son item le plus élevé',
    ),
  },
];

export interface HaqDisability {
  index: number | null;
  categories: Record<string, number | null>;
}

/** The disability index of validated HAQ values, shared by haq-di and ssc-haq. */
export function haqDisability(values: ItemValues, variant: string): HaqDisability {
  const categories: Record<string, number | null> = {};
  for (const category of CATEGORIES) {
    const answered = category.items
      .map((_, index) => values[itemId(category, index)])
      .filter((v): v is number => typeof v === 'number');
    if (answered.length === 0) {
      categories[category.id] = null;
      continue;
    }
    const highest = Math.max(...answered);
    const assisted =
      variant !== 'no-aids' &&
      (values[`aid_${category.id}`] === true || values[`help_${category.id}`] === true);
    categories[category.id] = assisted ? Math.max(highest, 2) : highest;
  }
  const scored = Object.values(categories).filter((v): v is number => v !== null);
  const index = scored.length >= MIN_CATEGORIES ? scored.reduce((a, b) => a + b, 0) / scored.length : null;
  return { index, categories };
}

export const HAQ_CITATIONS = [
  'Fries JF, Spitz P, Kraines RG, Holman HR. Measurement of patient outcome in arthritis. Arthritis Rheum 1980;23:137-45.',
  'Bruce B, Fries JF. The Stanford Health Assessment Questionnaire: dimensions and practical applications. Health Qual Life Outcomes 2003;1:20.',
];

export const haqDi: InstrumentDefinition = {
  id: 'haq-di',
  version: '1.0.0',
  title: text(
    'Health Assessment Questionnaire disability index (HAQ-DI)',
    'Indice fonctionnel du Health Assessment Questionnaire (HAQ-DI)',
  ),
  citations: HAQ_CITATIONS,
  kind: 'scored',
  items: HAQ_ITEMS,
  variants: HAQ_VARIANTS,
  score({ values, variant }) {
    const missing = missingItems(haqDi, values);
    const { index, categories } = haqDisability(values, variant);
    return { total: index, complete: missing.length === 0, missing, interpretation: null, categories };
  },
};
