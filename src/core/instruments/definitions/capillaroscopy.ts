import { booleanItem, choice, choiceItem, numberItem, text } from '../item-builders.ts';
import type { InstrumentDefinition } from '../types.ts';
import { missingItems } from '../validate.ts';

/**
 * Nailfold videocapillaroscopy pattern (Cutolo's classification).
 * Cutolo M, Sulli A, Pizzorni C, Accardo S. Nailfold videocapillaroscopy assessment of microvascular damage in
 * systemic sclerosis. J Rheumatol 2000;27:155-60 (early, active and late scleroderma patterns).
 * Smith V, Vanhaecke A, Herrick AL, et al. Fast track algorithm: how to differentiate a "scleroderma pattern" from a
 * "non-scleroderma pattern". Autoimmun Rev 2019;18:102394.
 * Smith V, Herrick AL, Ingegnoli F, et al. Standardisation of nailfold capillaroscopy for the assessment of patients
 * with Raynaud's phenomenon and systemic sclerosis. Autoimmun Rev 2020;19:102458 (definitions of the measurements).
 *
 * The reader reports the pattern; the measurements are recorded, not used to recompute it. Any of the three
 * scleroderma patterns shows enlarged capillaries and/or capillary loss, which is the ACR/EULAR 2013 item
 * "abnormal nailfold capillaries"; normal and non-specific patterns are not.
 */
const SCLERODERMA_PATTERNS = new Set(['early', 'active', 'late']);

export const capillaroscopy: InstrumentDefinition = {
  id: 'capillaroscopy',
  version: '1.0.0',
  title: text('Nailfold videocapillaroscopy', 'Capillaroscopie péri-unguéale'),
  citations: [
    'Cutolo M, Sulli A, Pizzorni C, Accardo S. Nailfold videocapillaroscopy assessment of microvascular damage in systemic sclerosis. J Rheumatol 2000;27:155-60.',
    'Smith V, Vanhaecke A, Herrick AL, et al. Fast track algorithm: how to differentiate a “scleroderma pattern” from a “non-scleroderma pattern”. Autoimmun Rev 2019;18:102394.',
    'Smith V, Herrick AL, Ingegnoli F, et al. Standardisation of nailfold capillaroscopy for the assessment of patients with Raynaud’s phenomenon and systemic sclerosis. Autoimmun Rev 2020;19:102458.',
  ],
  kind: 'scored',
  items: [
    choiceItem(
      'pattern',
      'Capillaroscopic pattern',
      'Aspect capillaroscopique',
      [
        choice('normal', 'Normal', 'Normal'),
        choice('non_specific', 'Non-specific abnormalities', 'Anomalies non spécifiques'),
        choice('early', 'Early scleroderma pattern', 'Aspect sclérodermique précoce (early)'),
        choice('active', 'Active scleroderma pattern', 'Aspect sclérodermique actif (active)'),
        choice('late', 'Late scleroderma pattern', 'Aspect sclérodermique tardif (late)'),
      ],
      {
        help: text(
          'Cutolo 2000: early = few giant capillaries and haemorrhages, preserved density; active = frequent giant capillaries and haemorrhages, moderate loss; late = severe loss, avascular areas, ramified capillaries, few or no giant capillaries',
          'Cutolo 2000 : précoce = quelques mégacapillaires et hémorragies, densité conservée ; actif = mégacapillaires et hémorragies fréquents, raréfaction modérée ; tardif = raréfaction sévère, zones avasculaires, capillaires ramifiés, peu ou pas de mégacapillaires',
        ),
      },
    ),
    numberItem('density_per_mm', 'Capillary density', 'Densité capillaire', 0, 30, {
      unit: 'capillaries/mm',
      decimals: 1,
      optional: true,
      help: text(
        'Capillaries per linear millimetre in the distal row (normal ≥ 7)',
        'Capillaires par millimètre linéaire de la rangée distale (normale ≥ 7)',
      ),
    }),
    booleanItem('giant_capillaries', 'Giant capillaries', 'Mégacapillaires', {
      optional: true,
      help: text(
        'Homogeneously enlarged loops with an apical diameter ≥ 50 µm',
        'Anses homogènement dilatées de diamètre apical ≥ 50 µm',
      ),
    }),
    booleanItem('haemorrhages', 'Haemorrhages', 'Hémorragies', {
      optional: true,
      help: text('Microhaemorrhages at the nailfold', 'Micro-hémorragies du repli unguéal'),
    }),
    booleanItem('abnormal_shapes', 'Abnormal shapes', 'Morphologies anormales', {
      optional: true,
      help: text(
        'Capillaries other than hairpin, tortuous or crossing (e.g. ramified, bushy, bizarre)',
        'Capillaires autres qu’en épingle à cheveux, tortueux ou croisés (p. ex. ramifiés, buissonnants, bizarres)',
      ),
    }),
  ],
  score({ values }) {
    const missing = missingItems(capillaroscopy, values);
    const pattern = typeof values.pattern === 'string' ? values.pattern : null;
    const sclerodermaPattern = pattern === null ? null : SCLERODERMA_PATTERNS.has(pattern);
    return {
      total: null,
      complete: missing.length === 0,
      missing,
      interpretation:
        sclerodermaPattern === null
          ? null
          : sclerodermaPattern
            ? 'scleroderma_pattern'
            : 'non_scleroderma_pattern',
      pattern,
      scleroderma_pattern: sclerodermaPattern,
      abnormal_nailfold_capillaries: sclerodermaPattern,
    };
  },
};
