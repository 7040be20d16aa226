import { booleanItem, text } from '../item-builders.ts';
import type { InstrumentDefinition } from '../types.ts';
import { protocolCitation } from './common.ts';

/**
 * SSc-related organ involvement, present or past, as the protocol lists it (NCT04223817 secondary outcomes:
 * "SSc-related visceral involvement"). Definitions follow the ACR/EULAR 2013 table 2 where it defines the item.
 */
const ITEMS: readonly [id: string, en: string, fr: string, help: [string, string]][] = [
  [
    'raynaud_phenomenon',
    'Raynaud’s phenomenon',
    'Phénomène de Raynaud',
    [
      'At least two colour phases of the fingers on cold or emotion',
      'Au moins deux phases de changement de couleur des doigts au froid ou à l’émotion',
    ],
  ],
  [
    'digital_ulcers_gangrene_amputation',
    'Digital tip ulcers, gangrene or amputation',
    'Ulcères pulpaires, gangrène ou amputation digitale',
    ['Of ischaemic origin, present or past', 'D’origine ischémique, actuels ou passés'],
  ],
  [
    'pulmonary_arterial_hypertension',
    'Pulmonary arterial hypertension',
    'Hypertension artérielle pulmonaire',
    ['Confirmed by right heart catheterisation', 'Confirmée par cathétérisme cardiaque droit'],
  ],
  [
    'interstitial_lung_disease',
    'Interstitial lung disease',
    'Pneumopathie interstitielle diffuse',
    ['On high-resolution CT', 'Au scanner thoracique haute résolution'],
  ],
  [
    'upper_gi_involvement',
    'Upper digestive tract involvement',
    'Atteinte digestive haute',
    [
      'For example oesophageal dysmotility, reflux, gastric antral vascular ectasia',
      'Par exemple troubles moteurs œsophagiens, reflux, ectasies vasculaires antrales',
    ],
  ],
  [
    'lower_gi_involvement',
    'Lower digestive tract involvement',
    'Atteinte digestive basse',
    [
      'For example bacterial overgrowth, pseudo-obstruction, faecal incontinence',
      'Par exemple pullulation bactérienne, pseudo-obstruction, incontinence anale',
    ],
  ],
  [
    'renal_crisis',
    'Scleroderma renal crisis',
    'Crise rénale sclérodermique',
    [
      'New-onset hypertension and/or acute kidney injury attributed to SSc',
      'Hypertension artérielle d’apparition récente et/ou insuffisance rénale aiguë attribuées à la ScS',
    ],
  ],
  ['arthritis', 'Arthritis', 'Arthrite', ['Clinical synovitis', 'Synovite clinique']],
  [
    'myopathy',
    'Inflammatory myopathy',
    'Myopathie inflammatoire',
    [
      'Proximal weakness with raised creatine kinase, EMG or biopsy evidence',
      'Déficit proximal avec élévation des CPK, ou preuve électromyographique ou histologique',
    ],
  ],
  [
    'calcinosis',
    'Subcutaneous calcinosis',
    'Calcinose sous-cutanée',
    ['Clinical or radiographic', 'Clinique ou radiologique'],
  ],
  [
    'telangiectasia',
    'Telangiectasia',
    'Télangiectasies',
    [
      'Macular, blanching, in a scleroderma pattern',
      'Maculeuses, s’effaçant à la pression, de type sclérodermique',
    ],
  ],
];

export const organInvolvement: InstrumentDefinition = {
  id: 'organ-involvement',
  version: '1.0.0',
  title: text('SSc-related organ involvement', 'Atteintes d’organe de la sclérodermie systémique'),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'form',
  items: ITEMS.map(([id, en, fr, help]) => booleanItem(id, en, fr, { help: text(...help) })),
};
