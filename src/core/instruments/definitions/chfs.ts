import { integerItem, levels, text } from '../item-builders.ts';
import type { InstrumentDefinition } from '../types.ts';
import { missingItems } from '../validate.ts';

/**
 * Cochin Hand Function Scale ("échelle fonctionnelle de la main de Cochin"): 18 items 0-5, total 0-90.
 * Duruöz MT, Poiraudeau S, Fermanian J, et al. Development and validation of a rheumatoid hand functional
 * disability scale that assesses functional handicap. J Rheumatol 1996;23:1167-72.
 * Validated in systemic sclerosis: Brower LM, Poole JL. Reliability and validity of the Duruöz Hand Index in persons
 * with systemic sclerosis (scleroderma). Arthritis Rheum 2004;51:805-9; Rannou F, Poiraudeau S, Berezné A, et al.
 * Assessing disability and quality of life in systemic sclerosis: construct validities of the Cochin Hand
 * Function Scale, Health Assessment Questionnaire (HAQ), Systemic Sclerosis HAQ, and Medical Outcomes Study 36-Item
 * Short Form Health Survey. Arthritis Rheum 2007;57:94-102.
 */
const DOMAINS: readonly { id: string; name: [en: string, fr: string]; items: [en: string, fr: string][] }[] =
  [
    {
      id: 'kitchen',
      name: ['In the kitchen', 'À la cuisine'],
      items: [
        ['Can you hold a bowl?', 'Pouvez-vous tenir un bol ?'],
        [
          'Can you seize a full bottle and raise it?',
          'Pouvez-vous saisir une bouteille pleine et la lever ?',
        ],
        ['Can you hold a plate full of food?', 'Pouvez-vous tenir une assiette pleine ?'],
        [
          'Can you pour liquid from a full bottle into a glass?',
          'Pouvez-vous verser le liquide d’une bouteille pleine dans un verre ?',
        ],
        [
          'Can you unscrew the lid from a jar opened before?',
          'Pouvez-vous dévisser le couvercle d’un pot déjà ouvert une fois ?',
        ],
        ['Can you cut meat with a knife?', 'Pouvez-vous couper de la viande avec un couteau ?'],
        ['Can you prick things well with a fork?', 'Pouvez-vous piquer efficacement avec une fourchette ?'],
        ['Can you peel fruit?', 'Pouvez-vous peler des fruits ?'],
      ],
    },
    {
      id: 'dressing',
      name: ['Dressing', 'Habillage'],
      items: [
        ['Can you button your shirt?', 'Pouvez-vous boutonner votre chemise ?'],
        ['Can you open and close zippers?', 'Pouvez-vous ouvrir puis fermer une fermeture éclair ?'],
      ],
    },
    {
      id: 'hygiene',
      name: ['Hygiene', 'Toilette'],
      items: [
        ['Can you squeeze a new tube of toothpaste?', 'Pouvez-vous presser un tube de dentifrice plein ?'],
        [
          'Can you hold your toothbrush efficiently?',
          'Pouvez-vous tenir efficacement votre brosse à dents ?',
        ],
      ],
    },
    {
      id: 'office',
      name: ['At the office', 'Au bureau'],
      items: [
        [
          'Can you write a short sentence with a pencil or an ordinary pen?',
          'Pouvez-vous écrire une courte phrase avec un crayon ou un stylo ordinaire ?',
        ],
        [
          'Can you write a letter with a pencil or an ordinary pen?',
          'Pouvez-vous écrire une lettre avec un crayon ou un stylo ordinaire ?',
        ],
      ],
    },
    {
      id: 'other',
      name: ['Other', 'Divers'],
      items: [
        ['Can you turn a round door knob?', 'Pouvez-vous tourner une poignée de porte ronde ?'],
        [
          'Can you cut a piece of paper with scissors?',
          'Pouvez-vous couper un morceau de papier avec des ciseaux ?',
        ],
        [
          'Can you pick up coins from a table top?',
          'Pouvez-vous saisir les pièces de monnaie sur une table ?',
        ],
        ['Can you turn a key in a lock?', 'Pouvez-vous tourner une clé dans une serrure ?'],
      ],
    },
  ];

const CHFS_LEVELS = levels(
  ['Yes, without difficulty', 'Oui, sans difficulté'],
  ['Yes, with a little difficulty', 'Oui, avec très peu de difficulté'],
  ['Yes, with some difficulty', 'Oui, avec quelques difficultés'],
  ['Yes, with much difficulty', 'Oui, avec beaucoup de difficultés'],
  ['Nearly impossible to do', 'Presque impossible'],
  ['Impossible', 'Impossible'],
);

const HELP = text(
  'Without any assistive device, using your hands as you usually do',
  'Sans aide technique, en utilisant vos mains comme d’habitude',
);

/** Published order: item ids chfs_1…chfs_18 run through the domains in turn. */
const NUMBERED = DOMAINS.flatMap((domain) => domain.items.map((item) => ({ domain, item }))).map(
  ({ domain, item: [en, fr] }, index) => ({
    domain: domain.id,
    item: integerItem(`chfs_${index + 1}`, en, fr, 0, 5, {
      levels: CHFS_LEVELS,
      help: HELP,
      section: text(...domain.name),
    }),
  }),
);

const ITEM_COUNT = NUMBERED.length;

const sum = (ids: readonly string[], values: Readonly<Record<string, unknown>>) =>
  ids.reduce((total, id) => total + (values[id] as number), 0);

export const chfs: InstrumentDefinition = {
  id: 'chfs',
  version: '1.0.0',
  title: text(
    'Cochin Hand Function Scale',
    'Échelle fonctionnelle de la main de Cochin (Cochin Hand Function Scale)',
  ),
  citations: [
    'Duruöz MT, Poiraudeau S, Fermanian J, et al. Development and validation of a rheumatoid hand functional disability scale that assesses functional handicap. J Rheumatol 1996;23:1167-72.',
    'Brower LM, Poole JL. Reliability and validity of the Duruöz Hand Index in persons with systemic sclerosis (scleroderma). Arthritis Rheum 2004;51:805-9.',
    'Rannou F, Poiraudeau S, Berezné A, et al. Assessing disability and quality of life in systemic sclerosis: construct validities of the Cochin Hand Function Scale, Health Assessment Questionnaire (HAQ), Systemic Sclerosis HAQ, and Medical Outcomes Study 36-Item Short Form Health Survey. Arthritis Rheum 2007;57:94-102.',
  ],
  kind: 'scored',
  items: NUMBERED.map(({ item }) => item),
  variants: [
    {
      name: 'complete',
      description: text(
        'Sum of the 18 items; no total when any item is missing',
        'Somme des 18 items ; pas de total si un item manque',
      ),
    },
    {
      name: 'prorated',
      description: text(
        'With items missing, sum × 18 ÷ items answered, flagged as prorated',
        'Avec des items manquants, somme × 18 ÷ items renseignés, signalé comme extrapolé',
      ),
    },
  ],
  score({ values, variant }) {
    const missing = missingItems(chfs, values);
    const answered = NUMBERED.map(({ item }) => item.id).filter((id) => values[id] !== undefined);
    const domains = Object.fromEntries(
      DOMAINS.map((domain) => {
        const ids = NUMBERED.filter((n) => n.domain === domain.id).map((n) => n.item.id);
        return [domain.id, ids.every((id) => values[id] !== undefined) ? sum(ids, values) : null];
      }),
    );
    let total: number | null = null;
    if (missing.length === 0) total = sum(answered, values);
    else if (variant === 'prorated' && answered.length > 0)
      total = (sum(answered, values) * ITEM_COUNT) / answered.length;
    return {
      total,
      complete: missing.length === 0,
      missing,
      interpretation: null,
      domains,
      prorated: missing.length > 0 && total !== null,
    };
  },
};
