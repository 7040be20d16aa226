import type { FieldIssue } from '../../errors.ts';
import { choice, choiceItem, dateItem, text, textItem } from '../item-builders.ts';
import type { ChoiceItem, InstrumentDefinition, ItemValues, RecordListItem, ScalarValue } from '../types.ts';
import { formResult, mriDateItem, protocolCitation } from './common.ts';

/**
 * Treatments: immunosuppressants and vasoactive drugs, one record per drug with its dates (an absent end date means
 * ongoing). Derived: whether any was taken on the MRI date (protocol NCT04223817: "immunosuppressant use, vasoactive
 * drugs").
 */
const MAX_RECORDS = 10;
type TreatmentRecord = Record<string, ScalarValue | null>;

const drugList = (id: string, en: string, fr: string, drugs: ChoiceItem['choices']): RecordListItem => ({
  id,
  type: 'record-list',
  label: text(en, fr),
  help: text(
    'One line per drug; leave the end date empty while it is taken; an empty list means none',
    'Une ligne par médicament ; laisser la date de fin vide tant qu’il est pris ; une liste vide signifie aucun',
  ),
  maxLength: MAX_RECORDS,
  fields: [
    choiceItem('drug', 'Drug', 'Médicament', [...drugs, choice('other', 'Other', 'Autre')], {
      help: text('International non-proprietary name', 'Dénomination commune internationale'),
    }),
    textItem('other_name', 'Other drug', 'Autre médicament', 100, {
      optional: true,
      help: text('Required when the drug is “Other”', 'Obligatoire si le médicament est « Autre »'),
    }),
    dateItem('start_date', 'Start date', 'Date de début', {
      optional: true,
      help: text('If only the month is known, use the 15th', 'Si seul le mois est connu, indiquer le 15'),
    }),
    dateItem('end_date', 'End date', 'Date de fin', {
      optional: true,
      help: text('Empty while ongoing', 'Vide si en cours'),
    }),
  ],
});

const IMMUNOSUPPRESSANTS = [
  choice('methotrexate', 'Methotrexate', 'Méthotrexate'),
  choice('mycophenolate', 'Mycophenolate (mofetil or sodium)', 'Mycophénolate (mofétil ou sodique)'),
  choice('azathioprine', 'Azathioprine', 'Azathioprine'),
  choice('cyclophosphamide', 'Cyclophosphamide', 'Cyclophosphamide'),
  choice('rituximab', 'Rituximab', 'Rituximab'),
  choice('tocilizumab', 'Tocilizumab', 'Tocilizumab'),
  choice('abatacept', 'Abatacept', 'Abatacept'),
  choice('ciclosporin', 'Ciclosporin', 'Ciclosporine'),
  choice('tacrolimus', 'Tacrolimus', 'Tacrolimus'),
  choice('leflunomide', 'Leflunomide', 'Léflunomide'),
];

const VASOACTIVE = [
  choice('nifedipine', 'Nifedipine', 'Nifédipine'),
  choice('amlodipine', 'Amlodipine', 'Amlodipine'),
  choice('diltiazem', 'Diltiazem', 'Diltiazem'),
  choice('nicardipine', 'Nicardipine', 'Nicardipine'),
  choice('iloprost', 'Iloprost', 'Iloprost'),
  choice('epoprostenol', 'Epoprostenol', 'Époprosténol'),
  choice('treprostinil', 'Treprostinil', 'Tréprostinil'),
  choice('selexipag', 'Selexipag', 'Sélexipag'),
  choice('bosentan', 'Bosentan', 'Bosentan'),
  choice('ambrisentan', 'Ambrisentan', 'Ambrisentan'),
  choice('macitentan', 'Macitentan', 'Macitentan'),
  choice('sildenafil', 'Sildenafil', 'Sildénafil'),
  choice('tadalafil', 'Tadalafil', 'Tadalafil'),
  choice('riociguat', 'Riociguat', 'Riociguat'),
  choice('losartan', 'Losartan', 'Losartan'),
];

const LISTS = ['immunosuppressants', 'vasoactive_drugs'] as const;

/** Whether any record spans the date: started on or before it (or start unknown) and not ended before it. */
function takenOn(records: readonly TreatmentRecord[], date: string): boolean {
  return records.some((r) => {
    const start = r.start_date as string | null;
    const end = r.end_date as string | null;
    return (start === null || start <= date) && (end === null || end >= date);
  });
}

function takenAtMri(values: ItemValues, list: string): boolean | null {
  const records = values[list] as TreatmentRecord[] | undefined;
  const mri = values.mri_date;
  return records === undefined || typeof mri !== 'string' ? null : takenOn(records, mri);
}

export const treatments: InstrumentDefinition = {
  id: 'treatments',
  version: '1.0.0',
  title: text('Treatments', 'Traitements'),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'form',
  items: [
    drugList('immunosuppressants', 'Immunosuppressants', 'Immunosuppresseurs', IMMUNOSUPPRESSANTS),
    drugList('vasoactive_drugs', 'Vasoactive drugs', 'Traitements vasoactifs', VASOACTIVE),
    mriDateItem(),
  ],
  crossCheck(values) {
    return LISTS.flatMap((list) =>
      ((values[list] as TreatmentRecord[] | undefined) ?? []).flatMap((record, index) => {
        const path = `${list}[${index}]`;
        const issues: FieldIssue[] = [];
        if (record.drug === 'other' && record.other_name === null)
          issues.push({
            path: `${path}.other_name`,
            code: 'required',
            message: 'required when the drug is other',
          });
        const start = record.start_date;
        const end = record.end_date;
        if (typeof start === 'string' && typeof end === 'string' && end < start)
          issues.push({
            path: `${path}.end_date`,
            code: 'rule',
            message: `must not be before start_date (${start})`,
          });
        return issues;
      }),
    );
  },
  score({ values }) {
    return formResult(treatments, values, {
      immunosuppressant_at_mri: takenAtMri(values, 'immunosuppressants'),
      vasoactive_at_mri: takenAtMri(values, 'vasoactive_drugs'),
    });
  },
};
