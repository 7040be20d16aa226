/**
 * How an instrument's items lay out in ODM: item groups, item definitions with their OIDs and data types, and the
 * cells a form's values fill. The metadata (./metadata.ts) and the clinical data (./clinical.ts) both read this, so
 * an OID is named in one place. Scalar items and the score total sit in the instrument's main group; a list
 * (integer-list, record-list) is a repeating group keyed 1, 2, 3… by position.
 */
import type {
  InstrumentDefinition,
  ItemDef,
  ItemValue,
  ItemValues,
  LocalizedText,
  MissingCode,
  ScalarValue,
} from '../../instruments/types.ts';

export type OdmDataType = 'integer' | 'float' | 'date' | 'text';

export interface LayoutItem {
  oid: string;
  /** The Manus item id (`field` for a record-list field: `treatments.name`), as the ODM Name. */
  name: string;
  dataType: OdmDataType;
  /** The definition, or null for the derived score total. */
  definition: Exclude<ItemDef, { type: 'record-list' | 'integer-list' }> | IntegerListEntry | null;
  /** The top-level item id whose missing-data code applies to this cell; null for the score. */
  missingKey: string | null;
  /** The field of a record-list entry this cell holds; null elsewhere. */
  fieldId: string | null;
}

/** One entry of an integer list, defined by the list item. */
export interface IntegerListEntry {
  type: 'integer-list-entry';
  list: Extract<ItemDef, { type: 'integer-list' }>;
}

export interface LayoutGroup {
  oid: string;
  name: string;
  repeating: boolean;
  items: LayoutItem[];
}

export const STUDY_EVENT_OID = (visitCode: string) => `SE.${visitCode}`;
export const FORM_OID = (instrumentId: string) => `F.${instrumentId}`;
export const ITEM_GROUP_OID = (instrumentId: string, listItemId?: string) =>
  listItemId ? `IG.${instrumentId}.${listItemId}` : `IG.${instrumentId}`;
export const ITEM_OID = (instrumentId: string, ...path: string[]) => `I.${instrumentId}.${path.join('.')}`;
export const SCORE_ITEM_OID = (instrumentId: string) => `I.${instrumentId}.TOTAL`;
export const SCORE_METHOD_OID = (instrumentId: string) => `MT.${instrumentId}.TOTAL`;
export const CODE_LIST_OID = (itemOid: string) => `CL.${itemOid.slice(2)}`;
export const YES_NO_CODE_LIST_OID = 'CL.YES_NO';

/** A code list of the MetaDataVersion: coded values with their English and French decodes. */
export interface CodeListDef {
  oid: string;
  name: string;
  dataType: 'integer' | 'text';
  items: readonly { value: string; label: LocalizedText }[];
}

/** Booleans are coded 0/1 (scalarText below). */
export const YES_NO_CODE_LIST: CodeListDef = {
  oid: YES_NO_CODE_LIST_OID,
  name: 'yes_no',
  dataType: 'integer',
  items: [
    { value: '0', label: { en: 'No', fr: 'Non' } },
    { value: '1', label: { en: 'Yes', fr: 'Oui' } },
  ],
};
export const MISSING_CODE_LIST_OID = 'CL.MISSING';
/** Unit OIDs keep letters, digits, dots and hyphens of the UCUM-like symbol; other characters become `_`. */
export const UNIT_OID = (unit: string) => `MU.${unit.replace(/[^A-Za-z0-9.-]/g, '_')}`;

function dataTypeOf(item: LayoutItem['definition']): OdmDataType {
  if (item === null) return 'float';
  switch (item.type) {
    case 'boolean':
    case 'integer':
    case 'integer-list-entry':
      return 'integer';
    case 'number':
    case 'quantity':
      return 'float';
    case 'date':
      return 'date';
    case 'choice':
    case 'text':
      return 'text';
  }
}

const layoutItem = (
  oid: string,
  name: string,
  definition: LayoutItem['definition'],
  missingKey: string | null,
  fieldId: string | null = null,
): LayoutItem => ({ oid, name, dataType: dataTypeOf(definition), definition, missingKey, fieldId });

export function instrumentLayout(instrument: InstrumentDefinition): LayoutGroup[] {
  const main: LayoutGroup = {
    oid: ITEM_GROUP_OID(instrument.id),
    name: instrument.id,
    repeating: false,
    items: [],
  };
  const lists: LayoutGroup[] = [];
  for (const item of instrument.items) {
    if (item.type === 'integer-list') {
      lists.push({
        oid: ITEM_GROUP_OID(instrument.id, item.id),
        name: `${instrument.id}.${item.id}`,
        repeating: true,
        items: [
          layoutItem(
            ITEM_OID(instrument.id, item.id),
            item.id,
            { type: 'integer-list-entry', list: item },
            item.id,
          ),
        ],
      });
    } else if (item.type === 'record-list') {
      lists.push({
        oid: ITEM_GROUP_OID(instrument.id, item.id),
        name: `${instrument.id}.${item.id}`,
        repeating: true,
        items: item.fields.map((field) =>
          layoutItem(
            ITEM_OID(instrument.id, item.id, field.id),
            `${item.id}.${field.id}`,
            field,
            item.id,
            field.id,
          ),
        ),
      });
    } else {
      main.items.push(layoutItem(ITEM_OID(instrument.id, item.id), item.id, item, item.id));
    }
  }
  if (instrument.kind === 'scored') {
    main.items.push(layoutItem(SCORE_ITEM_OID(instrument.id), 'total', null, null));
  }
  return [main, ...lists];
}

/** One value of a form as ODM writes it: a value (with its unit for a quantity) or a missing-data code. */
export type Cell = { value: string; unitOid: string | null } | { missing: MissingCode };

/** Where a cell sits: its group, repeat key (null outside repeating groups) and item. */
export interface CellAddress {
  groupOid: string;
  repeatKey: string | null;
  itemOid: string;
}

export const cellKey = (a: CellAddress) => `${a.groupOid}|${a.repeatKey ?? ''}|${a.itemOid}`;

/** A recorded state of a form: its values, missing-data codes and score total after one change. */
export interface FormState {
  values: ItemValues;
  missingCodes: Readonly<Record<string, MissingCode>>;
  total: number | null;
}

/** Numbers as ODM's xs:decimal-based types accept them: no exponent, `.` as the decimal mark. */
export function decimalText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

function scalarText(value: ScalarValue | null | undefined, item: LayoutItem): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number')
    return item.dataType === 'integer' ? String(Math.trunc(value)) : decimalText(value);
  return value;
}

function valueCell(value: ItemValue | ScalarValue | null | undefined, item: LayoutItem): Cell | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { value: decimalText(value.value), unitOid: UNIT_OID(value.unit) };
  }
  if (Array.isArray(value)) throw new Error(`${item.oid}: a list where a single value belongs`);
  const text = scalarText(value, item);
  return text === null ? null : { value: text, unitOid: null };
}

/** Every cell a form state fills, keyed by `cellKey`, in layout order. */
export function formCells(
  instrument: InstrumentDefinition,
  state: FormState,
): Map<string, Cell & CellAddress> {
  const cells = new Map<string, Cell & CellAddress>();
  const put = (address: CellAddress, cell: Cell | null) => {
    if (cell) cells.set(cellKey(address), { ...address, ...cell });
  };
  for (const group of instrumentLayout(instrument)) {
    if (!group.repeating) {
      for (const item of group.items) {
        const address = { groupOid: group.oid, repeatKey: null, itemOid: item.oid };
        const missing = item.missingKey === null ? undefined : state.missingCodes[item.missingKey];
        if (missing) put(address, { missing });
        else if (item.missingKey === null)
          put(address, state.total === null ? null : { value: decimalText(state.total), unitOid: null });
        else put(address, valueCell(state.values[item.missingKey], item));
      }
      continue;
    }
    const listKey = group.items[0]!.missingKey!;
    const missing = state.missingCodes[listKey];
    if (missing) {
      // A whole list recorded as missing: the code sits on the first entry's first field.
      put({ groupOid: group.oid, repeatKey: '1', itemOid: group.items[0]!.oid }, { missing });
      continue;
    }
    const list = state.values[listKey];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      const repeatKey = String(index + 1);
      for (const item of group.items) {
        const address = { groupOid: group.oid, repeatKey, itemOid: item.oid };
        if (typeof entry === 'number') put(address, valueCell(entry, item));
        else if (item.fieldId !== null) put(address, valueCell(entry[item.fieldId], item));
      }
    });
  }
  return cells;
}
