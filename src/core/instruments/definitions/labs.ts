import { choice, choiceItem, dateItem, text } from '../item-builders.ts';
import type { InstrumentDefinition, QuantityItem, UnitConversion } from '../types.ts';
import { canonicalValues, formResult, protocolCitation } from './common.ts';

/**
 * Laboratory values in the units the protocol reports (NCT04223817: NT-proBNP and troponin in ng/mL, CRP in mg/L).
 * Each is entered in the unit of the laboratory report and converted exactly; the entered value and unit are what is
 * stored, the canonical value is derived (`nt_probnp_ng_ml`, `troponin_ng_ml`, `crp_mg_l`).
 * 1 ng/mL = 1000 pg/mL = 1000 ng/L; 1 mg/dL = 10 mg/L.
 */
const SAME: UnitConversion = { multiply: 1, divide: 1 };
const PER_THOUSAND: UnitConversion = { multiply: 1, divide: 1000 };

/** The accepted units of each canonical unit. */
type Scale = Pick<QuantityItem, 'canonicalUnit' | 'units'>;
const NG_PER_ML: Scale = {
  canonicalUnit: 'ng/mL',
  units: { 'ng/mL': SAME, 'pg/mL': PER_THOUSAND, 'ng/L': PER_THOUSAND },
};
const MG_PER_L: Scale = {
  canonicalUnit: 'mg/L',
  units: { 'mg/L': SAME, 'mg/dL': { multiply: 10, divide: 1 } },
};

const quantity = (
  id: string,
  en: string,
  fr: string,
  scale: Scale,
  max: number,
  help: [string, string],
  soft: QuantityItem['soft'],
): QuantityItem => ({
  id,
  type: 'quantity',
  label: text(en, fr),
  help: text(...help),
  ...scale,
  min: 0,
  max,
  ...(soft ? { soft } : {}),
});

const checkUnit = (en: string, fr: string) =>
  text(`${en}: check the value and its unit`, `${fr} : vérifier la valeur et l’unité`);

export const labs: InstrumentDefinition = {
  id: 'labs',
  version: '1.0.0',
  title: text('Laboratory tests', 'Examens biologiques'),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'form',
  items: [
    dateItem('sample_date', 'Sampling date', 'Date du prélèvement', {
      optional: true,
      help: text('Closest sample to the MRI', 'Prélèvement le plus proche de l’IRM'),
    }),
    quantity(
      'nt_probnp',
      'NT-proBNP',
      'NT-proBNP',
      NG_PER_ML,
      500,
      [
        'In the unit of the laboratory report (1 ng/mL = 1000 pg/mL = 1000 ng/L)',
        'Dans l’unité du compte rendu du laboratoire (1 ng/mL = 1000 pg/mL = 1000 ng/L)',
      ],
      { max: 35, message: checkUnit('NT-proBNP above 35 000 pg/mL', 'NT-proBNP au-dessus de 35 000 pg/mL') },
    ),
    quantity(
      'troponin',
      'Troponin',
      'Troponine',
      NG_PER_ML,
      500,
      [
        'In the unit of the laboratory report; high-sensitivity assays report ng/L (1 ng/mL = 1000 ng/L)',
        'Dans l’unité du compte rendu ; les dosages ultrasensibles rendent des ng/L (1 ng/mL = 1000 ng/L)',
      ],
      { max: 50, message: checkUnit('Troponin above 50 ng/mL', 'Troponine au-dessus de 50 ng/mL') },
    ),
    choiceItem(
      'troponin_assay',
      'Troponin assay',
      'Dosage de troponine',
      [
        choice('hs_tnt', 'High-sensitivity troponin T', 'Troponine T ultrasensible'),
        choice('hs_tni', 'High-sensitivity troponin I', 'Troponine I ultrasensible'),
        choice('tnt', 'Troponin T', 'Troponine T'),
        choice('tni', 'Troponin I', 'Troponine I'),
      ],
      {
        optional: true,
        help: text(
          'Values of different assays are not interchangeable',
          'Les valeurs de dosages différents ne sont pas interchangeables',
        ),
      },
    ),
    quantity(
      'crp',
      'C-reactive protein',
      'Protéine C réactive',
      MG_PER_L,
      1000,
      [
        'In the unit of the laboratory report (1 mg/dL = 10 mg/L)',
        'Dans l’unité du compte rendu (1 mg/dL = 10 mg/L)',
      ],
      { max: 500, message: checkUnit('CRP above 500 mg/L', 'CRP au-dessus de 500 mg/L') },
    ),
  ],
  score({ values }) {
    return formResult(labs, values, canonicalValues(labs, values));
  },
};
