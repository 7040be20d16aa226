import { INSTRUMENTS } from './registry.ts';
import {
  MISSING_CODE_LABELS,
  MISSING_CODES,
  type InstrumentDefinition,
  type ItemDef,
  type LocalizedText,
  type QuantityItem,
  type RecordListItem,
} from './types.ts';
import { allowedValues, unitCode } from './validate.ts';
import { csvCell } from '../text/csv.ts';

/**
 * The data dictionary, generated from the definitions so that no rule is restated: as JSON (the same schema
 * `GET /api/instruments/:id` serves, lossless and bilingual) and as REDCap's data-dictionary CSV (one language,
 * REDCap's 18 columns, integer lists and quantities flattened into the numbered and calculated fields REDCap
 * expects, lists of records as repeating forms).
 */
export type Lang = keyof LocalizedText;
export const LANGS: readonly Lang[] = ['en', 'fr'];

// ---------------------------------------------------------------------------------------------------------------
// JSON schema view: definitions minus their functions, plus a readable statement of what each item accepts.

type FieldDef = RecordListItem['fields'][number];
type DescribedField = FieldDef & { allowed: string };
export type DescribedItem =
  | (Exclude<ItemDef, RecordListItem> & { allowed: string })
  | (Omit<RecordListItem, 'fields'> & { fields: readonly DescribedField[]; allowed: string });

const describeField = (field: FieldDef): DescribedField => ({ ...field, allowed: allowedValues(field) });

function describeItem(item: ItemDef): DescribedItem {
  if (item.type === 'record-list')
    return { ...item, fields: item.fields.map(describeField), allowed: allowedValues(item) };
  return { ...item, allowed: allowedValues(item) };
}

/** The list entry of an instrument: enough to choose one. */
export function instrumentSummary(definition: InstrumentDefinition) {
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    kind: definition.kind,
    variants: definition.variants ?? [],
    citations: definition.citations,
  };
}

/** Everything a form renderer needs, as JSON: items with types, ranges, units, labels, help and rules. */
export function instrumentSchema(definition: InstrumentDefinition) {
  return {
    ...instrumentSummary(definition),
    /** Whether `score` returns a result (scored instruments, and forms with derived values). */
    scores: definition.score !== undefined,
    missingCodes: MISSING_CODES.map((code) => ({ code, label: MISSING_CODE_LABELS[code] })),
    items: definition.items.map(describeItem),
  };
}

export function dictionaryJson(instruments: readonly InstrumentDefinition[] = INSTRUMENTS) {
  return { format: 'manus-data-dictionary', instruments: instruments.map(instrumentSchema) };
}

// ---------------------------------------------------------------------------------------------------------------
// REDCap data dictionary.

export const REDCAP_COLUMNS = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
] as const;
export type RedcapRow = Record<(typeof REDCAP_COLUMNS)[number], string>;

/** REDCap names are lowercase letters, digits and underscores: instrument ids lose their hyphens. */
export const redcapFormName = (definition: InstrumentDefinition): string => definition.id.replace(/-/g, '_');

/** REDCap variables are unique across the project, so each carries its form name (item ids repeat across forms). */
export const redcapVariable = (definition: InstrumentDefinition, itemId: string): string =>
  `${redcapFormName(definition)}_${itemId}`;

/** REDCap requires the record identifier as the first field of the first form. */
export const REDCAP_RECORD_ID = 'participant_code';

interface Placement {
  form: string;
  lang: Lang;
  /** Shown above the first row only, when the item opens a new section. */
  sectionHeader: string;
  required: boolean;
  identifying: boolean;
  branching: string;
  annotation: string;
}

const emptyRow = (): RedcapRow =>
  Object.fromEntries(REDCAP_COLUMNS.map((column) => [column, ''])) as RedcapRow;

const yes = (flag: boolean) => (flag ? 'y' : '');

function makeRow(
  at: Placement,
  variable: string,
  type: string,
  label: string,
  extra: Partial<RedcapRow> = {},
): RedcapRow {
  return {
    ...emptyRow(),
    'Variable / Field Name': variable,
    'Form Name': at.form,
    'Section Header': at.sectionHeader,
    'Field Type': type,
    'Field Label': label,
    'Identifier?': yes(at.identifying),
    'Branching Logic (Show field only if...)': at.branching,
    'Required Field?': yes(at.required),
    'Field Annotation': at.annotation,
    ...extra,
  };
}

/** A screening item's rule in words ("No excludes", "Below 18 excludes"), or null for other items. */
export function screeningRule(item: ItemDef, lang: Lang): string | null {
  if (item.type === 'boolean' && item.screening) {
    const answer = item.screening.when ? { en: 'Yes', fr: 'Oui' } : { en: 'No', fr: 'Non' };
    const effect =
      item.screening.effect === 'excludes'
        ? { en: 'excludes', fr: 'exclut' }
        : { en: 'requires a precaution', fr: 'impose une précaution' };
    return `${answer[lang]} ${effect[lang]}`;
  }
  if (item.type === 'integer' && item.screening) {
    return lang === 'en'
      ? `Below ${item.screening.below} excludes`
      : `Moins de ${item.screening.below} exclut`;
  }
  return null;
}

/** The field note: unit, the help text, and the screening rule when the item has one, in the form's language. */
function fieldNote(item: ItemDef, lang: Lang): string {
  const parts: string[] = [];
  if ('unit' in item && item.unit) parts.push(item.unit);
  if (item.type === 'number' && item.exclusiveMin) parts.push(`> ${item.min}`);
  if (item.help) parts.push(item.help[lang]);
  const rule = screeningRule(item, lang);
  if (rule) parts.push(rule);
  return parts.join(' — ');
}

const choicesText = (choices: readonly { value: string | number; label: LocalizedText }[], lang: Lang) =>
  choices.map((c) => `${c.value}, ${c.label[lang]}`).join(' | ');

const numeric = (validation: string, min: number, max: number): Partial<RedcapRow> => ({
  'Text Validation Type OR Show Slider Number': validation,
  'Text Validation Min': String(min),
  'Text Validation Max': String(max),
});

/** A quantity becomes its value, its unit, and a REDCap calculation of the canonical value from the same table. */
function quantityRows(item: QuantityItem, variable: string, label: string, at: Placement): RedcapRow[] {
  const value = `${variable}_value`;
  const unit = `${variable}_unit`;
  const units = Object.entries(item.units);
  const calculation = units.reduceRight(
    (otherwise, [name, { multiply, divide }]) =>
      `if([${unit}] = '${unitCode(name)}', [${value}] * ${multiply} / ${divide}, ${otherwise})`,
    "''",
  );
  const rangeNote =
    at.lang === 'en'
      ? `${item.min} to ${item.max} ${item.canonicalUnit} once converted`
      : `${item.min} à ${item.max} ${item.canonicalUnit} après conversion`;
  const follow = { ...at, sectionHeader: '', identifying: false };
  return [
    makeRow(at, value, 'text', label, {
      'Field Note': [fieldNote(item, at.lang), rangeNote].filter(Boolean).join(' — '),
      'Text Validation Type OR Show Slider Number': 'number',
    }),
    makeRow(follow, unit, 'dropdown', `${label} (${at.lang === 'en' ? 'unit' : 'unité'})`, {
      'Choices, Calculations, OR Slider Labels': units
        .map(([name]) => `${unitCode(name)}, ${name}`)
        .join(' | '),
    }),
    makeRow(
      { ...follow, required: false },
      `${variable}_${unitCode(item.canonicalUnit)}`,
      'calc',
      `${label} (${item.canonicalUnit})`,
      { 'Choices, Calculations, OR Slider Labels': calculation },
    ),
  ];
}

function itemRows(item: ItemDef, variable: string, label: string, at: Placement): RedcapRow[] {
  const note = { 'Field Note': fieldNote(item, at.lang) };
  switch (item.type) {
    case 'boolean':
      return [makeRow(at, variable, 'yesno', label, note)];
    case 'integer':
      return item.levels
        ? [
            makeRow(at, variable, 'radio', label, {
              ...note,
              'Choices, Calculations, OR Slider Labels': choicesText(item.levels, at.lang),
            }),
          ]
        : [makeRow(at, variable, 'text', label, { ...note, ...numeric('integer', item.min, item.max) })];
    case 'number':
      return [makeRow(at, variable, 'text', label, { ...note, ...numeric('number', item.min, item.max) })];
    case 'choice':
      return [
        makeRow(at, variable, 'radio', label, {
          ...note,
          'Choices, Calculations, OR Slider Labels': choicesText(item.choices, at.lang),
        }),
      ];
    case 'date':
      return [
        makeRow(at, variable, 'text', label, {
          ...note,
          'Text Validation Type OR Show Slider Number': 'date_ymd',
        }),
      ];
    case 'text':
      // REDCap's single-line text holds 255 characters; longer answers need a notes box.
      return [makeRow(at, variable, item.maxLength > 255 ? 'notes' : 'text', label, note)];
    case 'quantity':
      return quantityRows(item, variable, label, at);
    case 'integer-list':
      // One numbered field per entry, each shown once the previous one is filled.
      return Array.from({ length: item.maxLength }, (_, index) => {
        const n = index + 1;
        const placement = {
          ...at,
          sectionHeader: n === 1 ? at.sectionHeader : '',
          required: at.required && n === 1,
          branching: n === 1 ? at.branching : `[${variable}_${n - 1}] <> ''`,
        };
        return makeRow(placement, `${variable}_${n}`, 'text', `${label} (${n})`, {
          ...(n === 1 ? note : {}),
          ...numeric('integer', item.min, item.max),
        });
      });
    case 'record-list':
      // Each record is an instance of a repeating form of its own (repeatingFormRows), not a field of this form.
      return [];
  }
}

/** The repeating form holding one list of records (treatments): `<form>_<item>`, one instance per record. */
export const redcapRepeatingFormName = (definition: InstrumentDefinition, item: RecordListItem): string =>
  redcapVariable(definition, item.id);

function repeatingFormRows(definition: InstrumentDefinition, item: RecordListItem, lang: Lang): RedcapRow[] {
  const form = redcapRepeatingFormName(definition, item);
  return item.fields.flatMap((field, index) =>
    itemRows(field, `${form}_${field.id}`, field.label[lang], {
      form,
      lang,
      sectionHeader: index === 0 ? item.label[lang] : '',
      required: field.optional !== true,
      identifying: field.identifying === true,
      branching: '',
      annotation: `Manus ${definition.id} ${definition.version}: ${item.id}[].${field.id}`,
    }),
  );
}

function formRows(definition: InstrumentDefinition, lang: Lang): RedcapRow[] {
  let previousSection = '';
  const rows = definition.items.flatMap((item) => {
    const section = item.section?.[lang] ?? '';
    const sectionHeader = section !== previousSection ? section : '';
    previousSection = section;
    return itemRows(item, redcapVariable(definition, item.id), item.label[lang], {
      form: redcapFormName(definition),
      lang,
      sectionHeader,
      required: item.optional !== true,
      identifying: item.identifying === true,
      branching: '',
      annotation: `Manus ${definition.id} ${definition.version}: ${item.id}`,
    });
  });
  // REDCap keeps a form's fields together: the repeating forms of the record lists follow their form.
  const lists = definition.items.filter((i): i is RecordListItem => i.type === 'record-list');
  return [...rows, ...lists.flatMap((item) => repeatingFormRows(definition, item, lang))];
}

export function redcapRows(
  instruments: readonly InstrumentDefinition[] = INSTRUMENTS,
  lang: Lang = 'en',
): RedcapRow[] {
  const [first] = instruments;
  if (!first) return [];
  const recordId: RedcapRow = {
    ...emptyRow(),
    'Variable / Field Name': REDCAP_RECORD_ID,
    'Form Name': redcapFormName(first),
    'Field Type': 'text',
    'Field Label': lang === 'en' ? 'Participant code' : 'Code du participant',
    'Field Note': lang === 'en' ? 'Pseudonymous code, e.g. P-0001' : 'Code pseudonyme, p. ex. P-0001',
    'Required Field?': 'y',
  };
  return [recordId, ...instruments.flatMap((definition) => formRows(definition, lang))];
}

export function redcapCsv(
  instruments: readonly InstrumentDefinition[] = INSTRUMENTS,
  lang: Lang = 'en',
): string {
  const lines = [
    REDCAP_COLUMNS,
    ...redcapRows(instruments, lang).map((row) => REDCAP_COLUMNS.map((c) => row[c])),
  ];
  return `${lines.map((fields) => fields.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
