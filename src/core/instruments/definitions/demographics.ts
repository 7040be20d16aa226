import { choice, choiceItem, dateItem, text } from '../item-builders.ts';
import type { InstrumentDefinition } from '../types.ts';
import { datesInOrder, formResult, mriDateItem, wholeYearsBetween, protocolCitation } from './common.ts';

/**
 * Demographics: sex, birth date (identifying) and the MRI date, from which the age in completed years at the MRI
 * is derived (protocol NCT04223817: "age (yrs)", "proportions of female").
 */
export const demographics: InstrumentDefinition = {
  id: 'demographics',
  version: '1.0.0',
  title: text('Demographics', 'Données démographiques'),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'form',
  items: [
    choiceItem(
      'sex',
      'Sex',
      'Sexe',
      [choice('female', 'Female', 'Féminin'), choice('male', 'Male', 'Masculin')],
      {
        help: text('Sex recorded in the medical file', 'Sexe inscrit au dossier médical'),
      },
    ),
    dateItem('birth_date', 'Date of birth', 'Date de naissance', {
      identifying: true,
      help: text(
        'Directly identifying: kept out of exports for roles without identity access',
        'Donnée directement identifiante : exclue des exports pour les rôles sans accès à l’identité',
      ),
    }),
    mriDateItem(),
  ],
  crossCheck: (values) => datesInOrder(values, [['birth_date', 'mri_date']]),
  score({ values }) {
    const birth = values.birth_date;
    const mri = values.mri_date;
    return formResult(demographics, values, {
      age_years: typeof birth === 'string' && typeof mri === 'string' ? wholeYearsBetween(birth, mri) : null,
    });
  },
};
