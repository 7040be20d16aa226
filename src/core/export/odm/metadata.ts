/**
 * The ODM MetaDataVersion (and the measurement units of BasicDefinitions) generated from the instrument definitions
 * and the protocol's schedule: one StudyEventDef per visit, one FormDef per instrument, item groups and items from
 * ./layout.ts with English and French texts, hard range checks, soft limits as soft range checks, and code lists;
 * then the forms Manus fills itself (./study-forms.ts: the enrolment, the MRI reading) after the instruments'.
 */
import type { create } from 'xmlbuilder2';
import {
  MISSING_CODE_LABELS,
  MISSING_CODES,
  type InstrumentDefinition,
  type LocalizedText,
  type SoftRange,
} from '../../instruments/types.ts';
import type { StudyProtocol } from '../../study/protocol.ts';
import { xmlText } from '../xml-text.ts';
import {
  CODE_LIST_OID,
  FORM_OID,
  instrumentLayout,
  MISSING_CODE_LIST_OID,
  SCORE_METHOD_OID,
  STUDY_EVENT_OID,
  UNIT_OID,
  YES_NO_CODE_LIST,
  type CodeListDef,
  type LayoutItem,
} from './layout.ts';
import type { StudyFormDef } from './study-forms.ts';

/** A node of the document being built (xmlbuilder2 does not export its builder type through its entry point). */
export type XMLBuilder = ReturnType<typeof create>;

const LANGS = ['en', 'fr'] as const;

/** `<Parent><TranslatedText xml:lang="en">…</TranslatedText><TranslatedText xml:lang="fr">…</…></Parent>`. */
export function translated(parent: XMLBuilder, element: string, text: LocalizedText): void {
  const node = parent.ele(element);
  for (const lang of LANGS) node.ele('TranslatedText', { 'xml:lang': lang }).txt(xmlText(text[lang]));
}

/** The code list an item's values come from, if any (choices, labelled integer levels, yes/no). */
function codeListOf(item: LayoutItem): CodeListDef | null {
  const definition = item.definition;
  if (definition === null) return null;
  if (definition.type === 'boolean') return YES_NO_CODE_LIST;
  if (definition.type === 'choice') {
    return { oid: CODE_LIST_OID(item.oid), name: item.name, dataType: 'text', items: definition.choices };
  }
  if (definition.type === 'integer' && definition.levels) {
    return {
      oid: CODE_LIST_OID(item.oid),
      name: item.name,
      dataType: 'integer',
      items: definition.levels.map((l) => ({ value: String(l.value), label: l.label })),
    };
  }
  return null;
}

/** The units an item is recorded in: every accepted unit of a quantity, the one unit of a number. */
function unitsOf(item: LayoutItem): string[] {
  const definition = item.definition;
  if (definition === null) return [];
  if (definition.type === 'quantity') return Object.keys(definition.units);
  if ((definition.type === 'number' || definition.type === 'integer') && definition.unit)
    return [definition.unit];
  return [];
}

/** Every unit the instruments use, in first-use order. */
export function measurementUnits(instruments: readonly InstrumentDefinition[]): string[] {
  const units = new Set<string>();
  for (const instrument of instruments) {
    for (const group of instrumentLayout(instrument)) {
      for (const item of group.items) {
        for (const unit of unitsOf(item)) units.add(unit);
        // Range checks of a quantity are stated in its canonical unit.
        if (item.definition?.type === 'quantity') units.add(item.definition.canonicalUnit);
      }
    }
  }
  return [...units];
}

export function writeBasicDefinitions(study: XMLBuilder, instruments: readonly InstrumentDefinition[]): void {
  const units = measurementUnits(instruments);
  if (units.length === 0) return;
  const basic = study.ele('BasicDefinitions');
  for (const unit of units) {
    const node = basic.ele('MeasurementUnit', { OID: UNIT_OID(unit), Name: xmlText(unit) });
    translated(node, 'Symbol', { en: unit, fr: unit });
  }
}

function rangeCheck(
  parent: XMLBuilder,
  comparator: 'GE' | 'GT' | 'LE',
  value: number,
  softHard: 'Soft' | 'Hard',
  unit: string | null,
  message: LocalizedText | null,
): void {
  const check = parent.ele('RangeCheck', { Comparator: comparator, SoftHard: softHard });
  check.ele('CheckValue').txt(String(value));
  if (unit) check.ele('MeasurementUnitRef', { MeasurementUnitOID: UNIT_OID(unit) });
  if (message) translated(check, 'ErrorMessage', message);
}

function rangeChecks(parent: XMLBuilder, item: LayoutItem): void {
  const definition = item.definition;
  if (definition === null) return;
  const bounds =
    definition.type === 'integer-list-entry'
      ? {
          min: definition.list.min,
          max: definition.list.max,
          exclusiveMin: false,
          soft: undefined,
          unit: null,
        }
      : definition.type === 'integer' || definition.type === 'number' || definition.type === 'quantity'
        ? {
            min: definition.min,
            max: definition.max,
            exclusiveMin: definition.type === 'number' && definition.exclusiveMin === true,
            soft: definition.soft as SoftRange | undefined,
            unit: definition.type === 'quantity' ? definition.canonicalUnit : null,
          }
        : null;
  if (!bounds) return;
  rangeCheck(parent, bounds.exclusiveMin ? 'GT' : 'GE', bounds.min, 'Hard', bounds.unit, null);
  rangeCheck(parent, 'LE', bounds.max, 'Hard', bounds.unit, null);
  if (bounds.soft?.min !== undefined) {
    rangeCheck(parent, 'GE', bounds.soft.min, 'Soft', bounds.unit, bounds.soft.message);
  }
  if (bounds.soft?.max !== undefined) {
    rangeCheck(parent, 'LE', bounds.soft.max, 'Soft', bounds.unit, bounds.soft.message);
  }
}

function writeItemDef(mdv: XMLBuilder, instrument: InstrumentDefinition, item: LayoutItem): void {
  const definition = item.definition;
  const attributes: Record<string, string> = { OID: item.oid, Name: item.name, DataType: item.dataType };
  if (definition?.type === 'text') attributes.Length = String(definition.maxLength);
  if (definition?.type === 'number' && definition.decimals !== undefined) {
    attributes.SignificantDigits = String(definition.decimals);
  }
  if (definition === null) attributes.Origin = 'Derived';
  const node = mdv.ele('ItemDef', attributes);
  const question: LocalizedText =
    definition === null
      ? { en: `${instrument.title.en}: total score`, fr: `${instrument.title.fr} : score total` }
      : definition.type === 'integer-list-entry'
        ? definition.list.label
        : definition.label;
  translated(node, 'Question', question);
  for (const unit of unitsOf(item)) node.ele('MeasurementUnitRef', { MeasurementUnitOID: UNIT_OID(unit) });
  rangeChecks(node, item);
  const codeList = codeListOf(item);
  if (codeList) node.ele('CodeListRef', { CodeListOID: codeList.oid });
  node.ele('Alias', { Context: 'Manus', Name: `${instrument.id} ${instrument.version}: ${item.name}` });
}

function writeCodeList(mdv: XMLBuilder, list: CodeListDef): void {
  const node = mdv.ele('CodeList', { OID: list.oid, Name: list.name, DataType: list.dataType });
  list.items.forEach((entry, index) => {
    const item = node.ele('CodeListItem', {
      CodedValue: xmlText(entry.value),
      OrderNumber: String(index + 1),
    });
    translated(item, 'Decode', entry.label);
  });
}

/** The MetaDataVersion: schedule, forms, item groups, items, code lists (missing codes included), score methods. */
export function writeMetaDataVersion(
  study: XMLBuilder,
  oid: string,
  protocol: StudyProtocol,
  instruments: readonly InstrumentDefinition[],
  studyForms: readonly StudyFormDef[],
): void {
  const mdv = study.ele('MetaDataVersion', {
    OID: oid,
    Name: `${protocol.nctId} eCRF (${instruments.map((i) => `${i.id} ${i.version}`).join(', ')})`,
  });
  const known = new Set(instruments.map((i) => i.id));
  const scheduled = (visit: string) =>
    protocol.forms.filter((f) => f.visit === visit && known.has(f.instrument));

  const protocolNode = mdv.ele('Protocol');
  protocol.visits.forEach((visit, index) => {
    protocolNode.ele('StudyEventRef', {
      StudyEventOID: STUDY_EVENT_OID(visit.code),
      OrderNumber: String(index + 1),
      Mandatory: 'Yes',
    });
  });
  for (const visit of protocol.visits) {
    const node = mdv.ele('StudyEventDef', {
      OID: STUDY_EVENT_OID(visit.code),
      Name: visit.code,
      Repeating: 'No',
      Type: 'Scheduled',
    });
    translated(node, 'Description', visit.label);
    scheduled(visit.code).forEach((form, index) => {
      node.ele('FormRef', {
        FormOID: FORM_OID(form.instrument),
        OrderNumber: String(index + 1),
        // A form scheduled for one arm only is not expected of every participant.
        Mandatory: form.arms.length === protocol.arms.length ? 'Yes' : 'No',
      });
    });
    const orderAfter = scheduled(visit.code).length;
    studyForms
      .filter((form) => form.visitCode === visit.code)
      .forEach((form, index) => {
        node.ele('FormRef', {
          FormOID: form.oid,
          OrderNumber: String(orderAfter + index + 1),
          Mandatory: form.mandatory ? 'Yes' : 'No',
        });
      });
  }

  const layouts = instruments.map((instrument) => ({ instrument, groups: instrumentLayout(instrument) }));
  for (const { instrument, groups } of layouts) {
    const node = mdv.ele('FormDef', { OID: FORM_OID(instrument.id), Name: instrument.id, Repeating: 'No' });
    translated(node, 'Description', instrument.title);
    groups.forEach((group, index) => {
      node.ele('ItemGroupRef', { ItemGroupOID: group.oid, OrderNumber: String(index + 1), Mandatory: 'No' });
    });
  }
  for (const form of studyForms) {
    const node = mdv.ele('FormDef', {
      OID: form.oid,
      Name: form.name,
      Repeating: form.repeating ? 'Yes' : 'No',
    });
    translated(node, 'Description', form.description);
    form.groups.forEach((group, index) => {
      node.ele('ItemGroupRef', {
        ItemGroupOID: group.oid,
        OrderNumber: String(index + 1),
        Mandatory: group.repeating ? 'No' : 'Yes',
      });
    });
  }
  for (const { instrument, groups } of layouts) {
    for (const group of groups) {
      const node = mdv.ele('ItemGroupDef', {
        OID: group.oid,
        Name: group.name,
        Repeating: group.repeating ? 'Yes' : 'No',
      });
      group.items.forEach((item, index) => {
        const attributes: Record<string, string> = {
          ItemOID: item.oid,
          OrderNumber: String(index + 1),
          Mandatory:
            item.definition &&
            item.definition.type !== 'integer-list-entry' &&
            item.definition.optional !== true
              ? 'Yes'
              : 'No',
        };
        if (item.definition === null) attributes.MethodOID = SCORE_METHOD_OID(instrument.id);
        node.ele('ItemRef', attributes);
      });
    }
  }
  for (const group of studyForms.flatMap((form) => form.groups)) {
    const node = mdv.ele('ItemGroupDef', {
      OID: group.oid,
      Name: group.name,
      Repeating: group.repeating ? 'Yes' : 'No',
    });
    group.items.forEach((item, index) => {
      node.ele('ItemRef', {
        ItemOID: item.oid,
        OrderNumber: String(index + 1),
        Mandatory: item.mandatory ? 'Yes' : 'No',
      });
    });
  }
  for (const { instrument, groups } of layouts) {
    for (const group of groups) for (const item of group.items) writeItemDef(mdv, instrument, item);
  }
  const studyItems = studyForms.flatMap((form) => form.groups.flatMap((group) => group.items));
  for (const item of studyItems) {
    const node = mdv.ele('ItemDef', { OID: item.oid, Name: item.name, DataType: item.dataType });
    translated(node, 'Question', item.question);
    if (item.codeList) node.ele('CodeListRef', { CodeListOID: item.codeList.oid });
  }

  const codeLists = new Map<string, CodeListDef>();
  for (const { groups } of layouts) {
    for (const group of groups) {
      for (const item of group.items) {
        const list = codeListOf(item);
        if (list) codeLists.set(list.oid, list);
      }
    }
  }
  for (const item of studyItems) if (item.codeList) codeLists.set(item.codeList.oid, item.codeList);
  codeLists.set(MISSING_CODE_LIST_OID, {
    oid: MISSING_CODE_LIST_OID,
    name: 'missing_data_codes',
    dataType: 'text',
    items: MISSING_CODES.map((code) => ({ value: code, label: MISSING_CODE_LABELS[code] })),
  });
  for (const list of codeLists.values()) writeCodeList(mdv, list);

  for (const { instrument } of layouts) {
    if (instrument.kind !== 'scored') continue;
    const method = mdv.ele('MethodDef', {
      OID: SCORE_METHOD_OID(instrument.id),
      Name: `${instrument.id} ${instrument.version} total`,
      Type: 'Computation',
    });
    translated(method, 'Description', {
      en: `Computed by Manus from the items (${instrument.id} ${instrument.version}). ${instrument.citations.join(' ')}`,
      fr: `Calculé par Manus à partir des items (${instrument.id} ${instrument.version}). ${instrument.citations.join(' ')}`,
    });
  }
}
