import { redcapFormName } from '../../instruments/dictionary.ts';
import { getInstrument } from '../../instruments/registry.ts';
import {
  MISSING_CODE_LABELS,
  MISSING_CODES,
  type InstrumentDefinition,
  type ItemDef,
  type ItemValue,
  type LocalizedText,
  type QuantityItem,
  type RecordListItem,
} from '../../instruments/types.ts';
import { canonicalKey, toCanonical } from '../../instruments/validate.ts';
import type { ExportForm } from '../snapshot.ts';
import { FORM_STATUS_LABELS, NO_YES } from './labels.ts';
import type { Cell, Table, Variable } from './table.ts';

/**
 * The forms of one instrument as a wide table (participant × visit: one column per item and per score) and, for each
 * list of records (treatments), a long table (participant × visit × record). Every item has an `<item>_missing`
 * column holding its missing-data code, so that numeric columns hold only numbers.
 */

const text = (en: string, fr: string): LocalizedText => ({ en, fr });
const suffixed = (label: LocalizedText, en: string, fr: string): LocalizedText =>
  text(`${label.en} (${en})`, `${label.fr} (${fr})`);

export const MISSING_VALUE_LABELS = MISSING_CODES.map((code) => ({ code, label: MISSING_CODE_LABELS[code] }));

type Values = Readonly<Record<string, ItemValue | null>>;

/** A column: its description for the codebook and how it reads its cell from item values (a form's or a record's). */
interface Column {
  variable: Variable;
  cell: (values: Values) => Cell;
}

/** A column of the wide table, read from the whole form (values, missing-data codes and score). */
interface FormColumn {
  variable: Variable;
  cell: (form: ExportForm) => Cell;
}

const fromValues = (column: Column): FormColumn => ({
  variable: column.variable,
  cell: (form) => column.cell(form.values),
});

const numberCell = (value: unknown): Cell =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const textCell = (value: unknown): Cell => (typeof value === 'string' ? value : null);
const booleanCell = (value: unknown): Cell => (typeof value === 'boolean' ? (value ? 1 : 0) : null);

export const quantityColumnNames = (item: QuantityItem, name = item.id) => ({
  value: `${name}_value`,
  unit: `${name}_unit`,
  canonical:
    name === item.id ? canonicalKey(item) : `${name}_${canonicalKey(item).slice(item.id.length + 1)}`,
});

/** The columns of one scalar item (a field of a record list included); lists of records are tabled apart. */
function itemColumns(item: Exclude<ItemDef, RecordListItem>, source: string, name = item.id): Column[] {
  const base = { label: item.label, source, ...(item.identifying ? { identifying: true } : {}) };
  const read = (values: Values) => values[item.id];
  switch (item.type) {
    case 'boolean':
      return [
        { variable: { ...base, name, type: 'integer', values: NO_YES }, cell: (v) => booleanCell(read(v)) },
      ];
    case 'integer':
      return [
        {
          variable: {
            ...base,
            name,
            type: 'integer',
            ...(item.unit ? { unit: item.unit } : {}),
            ...(item.levels ? { values: item.levels.map((l) => ({ code: l.value, label: l.label })) } : {}),
          },
          cell: (v) => numberCell(read(v)),
        },
      ];
    case 'number':
      return [
        {
          variable: { ...base, name, type: 'number', ...(item.unit ? { unit: item.unit } : {}) },
          cell: (v) => numberCell(read(v)),
        },
      ];
    case 'choice':
      return [
        {
          variable: {
            ...base,
            name,
            type: 'string',
            values: item.choices.map((c) => ({ code: c.value, label: c.label })),
          },
          cell: (v) => textCell(read(v)),
        },
      ];
    case 'date':
      return [{ variable: { ...base, name, type: 'date' }, cell: (v) => textCell(read(v)) }];
    case 'text':
      return [
        { variable: { ...base, name, type: 'string', freeText: true }, cell: (v) => textCell(read(v)) },
      ];
    case 'integer-list':
      return Array.from({ length: item.maxLength }, (_, index) => ({
        variable: {
          ...base,
          name: `${name}_${index + 1}`,
          label: suffixed(item.label, `${index + 1}`, `${index + 1}`),
          type: 'integer',
        },
        cell: (v) => {
          const list = read(v);
          return Array.isArray(list) ? numberCell(list[index]) : null;
        },
      }));
    case 'quantity': {
      const names = quantityColumnNames(item, name);
      const quantity = (v: Values) => {
        const value = read(v);
        return value !== null && typeof value === 'object' && 'unit' in value ? value : null;
      };
      return [
        {
          variable: {
            ...base,
            name: names.value,
            label: suffixed(item.label, 'as entered', 'telle que saisie'),
            type: 'number',
          },
          cell: (v) => numberCell(quantity(v)?.value),
        },
        {
          variable: {
            ...base,
            name: names.unit,
            label: suffixed(item.label, 'unit as entered', 'unité saisie'),
            type: 'string',
            values: Object.keys(item.units).map((unit) => ({ code: unit, label: text(unit, unit) })),
          },
          cell: (v) => textCell(quantity(v)?.unit),
        },
        {
          variable: {
            ...base,
            name: names.canonical,
            label: suffixed(item.label, item.canonicalUnit, item.canonicalUnit),
            type: 'number',
            unit: item.canonicalUnit,
          },
          cell: (v) => {
            const q = quantity(v);
            return q ? toCanonical(item, q) : null;
          },
        },
      ];
    }
  }
}

export const sourceOf = (definition: InstrumentDefinition): string =>
  `${definition.id} ${definition.version}`;

export const formTableName = (definition: InstrumentDefinition): string =>
  `forms/${redcapFormName(definition)}`;
export const recordTableName = (definition: InstrumentDefinition, item: RecordListItem): string =>
  `${formTableName(definition)}__${item.id}`;

/** The columns of the wide table, in definition order: each item, then its missing-data code. */
function formColumns(
  definition: InstrumentDefinition,
  identified: boolean,
  forms: readonly ExportForm[],
): FormColumn[] {
  const source = sourceOf(definition);
  const columns: FormColumn[] = [];
  for (const item of definition.items) {
    if (item.identifying && !identified) continue;
    const first = columns.length;
    if (item.type === 'record-list') {
      columns.push({
        variable: {
          name: `${item.id}_count`,
          label: suffixed(item.label, 'number of records', "nombre d'enregistrements"),
          type: 'integer',
          source,
        },
        cell: (form) => {
          const list = form.values[item.id];
          return Array.isArray(list) ? list.length : null;
        },
      });
    } else {
      columns.push(...itemColumns(item, source).map(fromValues));
    }
    const missingName = `${item.id}_missing`;
    for (const column of columns.slice(first)) column.variable.missingColumn = missingName;
    columns.push({
      variable: {
        name: missingName,
        label: suffixed(item.label, 'missing-data code', 'code de donnée manquante'),
        type: 'string',
        values: MISSING_VALUE_LABELS,
        missingFor: item.id,
        source,
      },
      cell: (form) => form.missingCodes[item.id] ?? null,
    });
  }
  return [...columns, ...scoreColumns(definition, forms)];
}

type ScoreLeaf = { path: string[]; kind: 'number' | 'boolean' | 'string' };

/** Score fields that are not columns of their own: the contract's bookkeeping, and the form's warnings. */
const SCORE_SKIPPED = new Set(['instrument', 'version', 'variant', 'missing', 'warnings']);

/**
 * Score columns, from the scores present: scalars, objects of scalars (one column per key) and lists of texts (one
 * column joined with "; "). What a scoring function returns varies by instrument and variant, so the columns are
 * those the data show, in first-seen order.
 */
function scoreLeaves(forms: readonly ExportForm[]): ScoreLeaf[] {
  const leaves = new Map<string, ScoreLeaf>();
  const visit = (value: unknown, path: string[]) => {
    if (value === null || value === undefined) return;
    const key = path.join('.');
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
      const kind = typeof value as ScoreLeaf['kind'];
      const known = leaves.get(key);
      if (!known) leaves.set(key, { path, kind });
      else if (known.kind !== kind) known.kind = 'string';
    } else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string') && !leaves.has(key))
        leaves.set(key, { path, kind: 'string' });
    } else if (typeof value === 'object' && path.length === 1) {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    }
  };
  for (const form of forms) {
    for (const [k, v] of Object.entries(form.score ?? {})) if (!SCORE_SKIPPED.has(k)) visit(v, [k]);
  }
  return [...leaves.values()];
}

function scoreColumns(definition: InstrumentDefinition, forms: readonly ExportForm[]): FormColumn[] {
  const source = sourceOf(definition);
  return scoreLeaves(forms).map((leaf) => {
    const name = `score_${leaf.path.join('_')}`;
    const label = text(
      `${definition.title.en}: ${leaf.path.join(' ')}`,
      `${definition.title.fr} : ${leaf.path.join(' ')}`,
    );
    return {
      variable: {
        name,
        label,
        source,
        type: leaf.kind === 'string' ? 'string' : leaf.kind === 'boolean' ? 'integer' : 'number',
        ...(leaf.kind === 'boolean' ? { values: NO_YES } : {}),
      },
      cell: (form) => scoreCell(form, leaf),
    };
  });
}

function scoreCell(form: ExportForm, leaf: ScoreLeaf): Cell {
  let value: unknown = form.score;
  for (const key of leaf.path)
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return typeof value === 'string' ? value : null;
}

const keyVariables = (source: string): Variable[] => [
  {
    name: 'participant_code',
    label: text('Participant code', 'Code du participant'),
    type: 'string',
    source,
  },
  { name: 'visit', label: text('Visit', 'Visite'), type: 'string', source },
];

/** The tables of one instrument: the wide form table, then one long table per list of records. */
export function instrumentTables(
  instrumentId: string,
  forms: readonly ExportForm[],
  identified: boolean,
): Table[] {
  const definition = getInstrument(instrumentId);
  const source = sourceOf(definition);
  const columns = formColumns(definition, identified, forms);
  const wide: Table = {
    name: formTableName(definition),
    title: definition.title,
    level: text('participant × visit', 'participant × visite'),
    variables: [
      ...keyVariables(source),
      {
        name: 'form_status',
        label: text('Form status', 'Statut du formulaire'),
        type: 'string',
        values: FORM_STATUS_LABELS,
        source,
      },
      {
        name: 'definition_version',
        label: text('Instrument definition version', "Version de la définition de l'instrument"),
        type: 'string',
        source,
      },
      { name: 'variant', label: text('Scoring variant', 'Variante du score'), type: 'string', source },
      ...columns.map((c) => c.variable),
    ],
    rows: forms.map((form) => [
      form.participantCode,
      form.visitCode,
      form.status,
      form.definitionVersion,
      form.variant,
      ...columns.map((c) => c.cell(form)),
    ]),
  };
  const lists = definition.items.filter((i): i is RecordListItem => i.type === 'record-list');
  return [
    wide,
    ...lists.map((list): Table => {
      const fields = list.fields.flatMap((field) => itemColumns(field, source));
      return {
        name: recordTableName(definition, list),
        title: text(`${definition.title.en}: ${list.label.en}`, `${definition.title.fr} : ${list.label.fr}`),
        level: text('participant × visit × record', 'participant × visite × enregistrement'),
        variables: [
          ...keyVariables(source),
          {
            name: 'record',
            label: text('Record number', "Numéro d'enregistrement"),
            type: 'integer',
            source,
          },
          ...fields.map((c) => c.variable),
        ],
        rows: forms.flatMap((form) => {
          const records = form.values[list.id];
          if (!Array.isArray(records)) return [];
          return (records as Values[]).map((record, index) => [
            form.participantCode,
            form.visitCode,
            index + 1,
            ...fields.map((c) => c.cell(record)),
          ]);
        }),
      };
    }),
  ];
}
