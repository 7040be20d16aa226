import { stringify } from 'csv-stringify/sync';
import {
  REDCAP_RECORD_ID,
  redcapFormName,
  redcapRepeatingFormName,
  redcapVariable,
} from '../../instruments/dictionary.ts';
import { getInstrument, INSTRUMENTS } from '../../instruments/registry.ts';
import type {
  InstrumentDefinition,
  ItemDef,
  ItemValue,
  MissingCode,
  RecordListItem,
} from '../../instruments/types.ts';
import { unitCode } from '../../instruments/validate.ts';
import type { FormStatus } from '../../forms/lifecycle.ts';
import type { StudyProtocol } from '../../study/protocol.ts';
import type { ExportForm, ExportSnapshot } from '../snapshot.ts';

/**
 * The records CSV a longitudinal REDCap project imports, matching the data dictionary of
 * src/core/instruments/dictionary.ts: one row per participant × event (visit) holding that visit's forms, and one
 * row per record of a list (treatments) as an instance of its repeating form. Fields are the dictionary's
 * variables in its order, each form closed by `<form>_complete`; calculated fields are left out (REDCap computes
 * them). Missing-data codes are stored as the field's value, as REDCap's project-level missing-data codes are.
 */

export const REDCAP_RECORD_COLUMNS = [
  REDCAP_RECORD_ID,
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
] as const;

/** One REDCap arm holds every visit; the study's arms decide which forms each participant has. */
export const redcapEventName = (visitCode: string): string => `${visitCode.toLowerCase()}_arm_1`;

/** Form status → REDCap's form status: 0 Incomplete, 1 Unverified, 2 Complete. */
const COMPLETE: Record<FormStatus, number> = { in_progress: 0, complete: 1, verified: 2, locked: 2 };

type Cell = string | number;
type Values = Readonly<Record<string, ItemValue | null>>;

interface Field {
  name: string;
  /** The cell of this field for item values and missing-data codes ('' when blank). */
  cell: (values: Values, missing: Readonly<Record<string, MissingCode>>) => Cell;
}

interface RedcapForm {
  name: string;
  instrumentId: string;
  /** The list of records this form repeats, for repeating forms. */
  list: RecordListItem | null;
  fields: Field[];
}

const scalar = (value: ItemValue | null | undefined): Cell => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return '';
};

/** The dictionary's fields of one item (see itemRows in dictionary.ts), without the calculated ones. */
function itemFields(item: Exclude<ItemDef, RecordListItem>, variable: string): Field[] {
  const code = (missing: Readonly<Record<string, MissingCode>>) => missing[item.id] ?? '';
  switch (item.type) {
    case 'quantity':
      return [
        {
          name: `${variable}_value`,
          cell: (v, m) => {
            const q = v[item.id];
            return q && typeof q === 'object' && 'value' in q ? q.value : code(m);
          },
        },
        {
          name: `${variable}_unit`,
          cell: (v) => {
            const q = v[item.id];
            return q && typeof q === 'object' && 'unit' in q ? unitCode(q.unit) : '';
          },
        },
      ];
    case 'integer-list':
      return Array.from({ length: item.maxLength }, (_, index) => ({
        name: `${variable}_${index + 1}`,
        cell: (v, m) => {
          const list = v[item.id];
          if (Array.isArray(list)) return scalar(list[index] as number | undefined);
          return index === 0 ? code(m) : '';
        },
      }));
    default:
      return [{ name: variable, cell: (v, m) => (v[item.id] === undefined ? code(m) : scalar(v[item.id])) }];
  }
}

/** The REDCap forms of an instrument: its own, then one repeating form per list of records. */
function redcapForms(definition: InstrumentDefinition, identified: boolean): RedcapForm[] {
  const visible = (item: ItemDef) => identified || item.identifying !== true;
  const lists = definition.items.filter((i): i is RecordListItem => i.type === 'record-list');
  const own = definition.items.flatMap((item) =>
    item.type === 'record-list' || !visible(item)
      ? []
      : itemFields(item, redcapVariable(definition, item.id)),
  );
  return [
    { name: redcapFormName(definition), instrumentId: definition.id, list: null, fields: own },
    ...lists.map((list) => {
      const form = redcapRepeatingFormName(definition, list);
      return {
        name: form,
        instrumentId: definition.id,
        list,
        fields: list.fields.filter(visible).flatMap((field) => itemFields(field, `${form}_${field.id}`)),
      };
    }),
  ];
}

/** The instruments of the protocol's schedule, in the dictionary's order (the registry's). */
function scheduledInstruments(protocol: StudyProtocol): InstrumentDefinition[] {
  const scheduled = new Set(protocol.forms.map((f) => f.instrument));
  return INSTRUMENTS.filter((d) => scheduled.has(d.id));
}

function redcapRecordsHeader(forms: readonly RedcapForm[]): string[] {
  const fields = forms.flatMap((f) => [...f.fields.map((x) => x.name), `${f.name}_complete`]);
  // The record identifier is the first field of the first form: it is the record column itself.
  return [...REDCAP_RECORD_COLUMNS, ...fields.filter((name) => name !== REDCAP_RECORD_ID)];
}

export function redcapRecordsCsv(snapshot: ExportSnapshot): string {
  const forms = scheduledInstruments(snapshot.study.protocol).flatMap((d) =>
    redcapForms(d, snapshot.identified),
  );
  const header = redcapRecordsHeader(forms);
  const index = new Map(header.map((name, i) => [name, i]));
  const blankRow = (code: string, visitCode: string, repeat: [string, number] | null): Cell[] => {
    const row: Cell[] = header.map(() => '');
    row[0] = code;
    row[1] = redcapEventName(visitCode);
    if (repeat) [row[2], row[3]] = repeat;
    return row;
  };
  const fill = (row: Cell[], form: RedcapForm, values: Values, record: ExportForm) => {
    for (const field of form.fields) row[index.get(field.name)!] = field.cell(values, record.missingCodes);
    row[index.get(`${form.name}_complete`)!] = COMPLETE[record.status];
  };
  const rows: Cell[][] = [];
  const byVisit = new Map<string, ExportForm[]>();
  for (const form of snapshot.forms) {
    const key = `${form.participantCode}\0${form.visitCode}`;
    byVisit.set(key, [...(byVisit.get(key) ?? []), form]);
  }
  for (const [key, records] of byVisit) {
    const [code, visitCode] = key.split('\0') as [string, string];
    const row = blankRow(code, visitCode, null);
    const repeats: Cell[][] = [];
    for (const record of records) {
      for (const form of forms.filter((f) => f.instrumentId === record.instrumentId)) {
        if (!form.list) {
          fill(row, form, record.values, record);
          continue;
        }
        const list = record.values[form.list.id];
        const instances = Array.isArray(list) ? (list as Values[]) : [];
        instances.forEach((values, i) => {
          const repeat = blankRow(code, visitCode, [form.name, i + 1]);
          fill(repeat, form, values, { ...record, missingCodes: {} });
          repeats.push(repeat);
        });
        // A list recorded with a missing-data code keeps it, as its first field's value in instance 1.
        const missing = record.missingCodes[form.list.id];
        if (missing && instances.length === 0) {
          const repeat = blankRow(code, visitCode, [form.name, 1]);
          repeat[index.get(form.fields[0]!.name)!] = missing;
          repeat[index.get(`${form.name}_complete`)!] = COMPLETE[record.status];
          repeats.push(repeat);
        }
      }
    }
    rows.push(row, ...repeats);
  }
  return stringify([header, ...rows], { record_delimiter: 'windows' });
}

/** REDCap's event list and instrument–event mapping, in the CSV layouts its Define My Events page imports. */
export function redcapEventsCsv(protocol: StudyProtocol): string {
  return stringify(
    [
      ['event_name', 'arm_num', 'unique_event_name'],
      ...protocol.visits.map((v) => [`${v.code} ${v.label.en}`, 1, redcapEventName(v.code)]),
    ],
    { record_delimiter: 'windows' },
  );
}

export function redcapInstrumentDesignationCsv(protocol: StudyProtocol): string {
  const rows = protocol.forms.flatMap((f) =>
    redcapForms(getInstrument(f.instrument), true).map((form) => [1, redcapEventName(f.visit), form.name]),
  );
  return stringify([['arm_num', 'unique_event_name', 'form'], ...rows], { record_delimiter: 'windows' });
}

/** The repeating forms, for the project's "Repeating instruments and events" setting. */
export const redcapRepeatingForms = (protocol: StudyProtocol): string[] =>
  scheduledInstruments(protocol).flatMap((d) =>
    redcapForms(d, true)
      .filter((f) => f.list)
      .map((f) => f.name),
  );
