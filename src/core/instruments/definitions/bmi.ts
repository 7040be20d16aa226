import { text } from '../item-builders.ts';
import { missingItems } from '../validate.ts';
import type { InstrumentDefinition } from '../types.ts';

/**
 * Body mass index, kg/m², classified by the WHO on the unrounded value with half-open intervals.
 * WHO. Obesity: preventing and managing the global epidemic. WHO Technical Report Series 894, 2000 (table 2.1);
 * thinness grades from WHO Expert Committee, TRS 854, 1995.
 */
const CLASSES: readonly [upperBound: number, name: string][] = [
  [16, 'severe_thinness'],
  [17, 'moderate_thinness'],
  [18.5, 'mild_thinness'],
  [25, 'normal'],
  [30, 'pre_obese'],
  [35, 'obese_1'],
  [40, 'obese_2'],
  [Infinity, 'obese_3'],
];

export function whoBmiClass(bmi: number): string {
  return CLASSES.find(([upper]) => bmi < upper)![1];
}

export const bmi: InstrumentDefinition = {
  id: 'bmi',
  version: '1.0.0',
  title: text('Body mass index', 'Indice de masse corporelle'),
  citations: [
    'World Health Organization. Obesity: preventing and managing the global epidemic. WHO Technical Report Series 894. Geneva: WHO; 2000.',
  ],
  kind: 'scored',
  items: [
    {
      id: 'weight_kg',
      type: 'number',
      label: text('Weight', 'Poids'),
      help: text(
        'Measured on the day of the MRI, lightly clothed',
        'Mesuré le jour de l’IRM, en tenue légère',
      ),
      unit: 'kg',
      min: 0,
      exclusiveMin: true,
      max: 500,
      decimals: 1,
      soft: {
        min: 30,
        max: 200,
        message: text(
          'Unusual weight for an adult: check the value',
          'Poids inhabituel pour un adulte : vérifier la valeur',
        ),
      },
    },
    {
      id: 'height_cm',
      type: 'number',
      label: text('Height', 'Taille'),
      help: text('Standing, without shoes', 'Debout, sans chaussures'),
      unit: 'cm',
      min: 50,
      max: 250,
      decimals: 0,
      soft: {
        min: 130,
        max: 210,
        message: text(
          'Unusual height for an adult: check the value',
          'Taille inhabituelle pour un adulte : vérifier la valeur',
        ),
      },
    },
  ],
  score({ values }) {
    const missing = missingItems(bmi, values);
    if (missing.length) return { total: null, complete: false, missing, interpretation: null };
    const metres = (values.height_cm as number) / 100;
    // 15 significant digits drop the floating-point error of the division (64 kg at 1.60 m gives 24.999999999999996)
    // and keep every digit a measurement carries, so a BMI exactly on a WHO bound is classified above it.
    const total = Number(((values.weight_kg as number) / (metres * metres)).toPrecision(15));
    return { total, complete: true, missing, interpretation: whoBmiClass(total) };
  },
};
