/**
 * Test support, Node only (reads the XSD files): checks an ODM document against the ODM 1.3.2 XML schema committed
 * in standards/odm-1.3.2/ (through libxml2 compiled to WebAssembly), and then what the schema cannot check, because
 * ODM OIDs are plain strings rather than ID/IDREF (../shared/reference/exports-and-report.md, trap 1): every OID
 * reference resolves to a definition, each value matches its item's DataType, coded values are in the item's code
 * list, and every audit timestamp precedes the file's CreationDateTime (ODM §2.10). Also reads back what a
 * receiving tool would take from the forms Manus fills itself (each subject's arm and final readings), for the
 * round trips.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XmlElement, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import type { Finding } from '../../reading/findings.ts';
import { isItemId } from '../../reading/items.ts';
import { SERIES_PREFIX } from '../../reading/sites.ts';
import { isArm, type Arm } from '../../study/protocol.ts';
import { ODM_NAMESPACE } from './document.ts';
import { ARM_ITEM_OID } from './enrolment.ts';
import {
  FINDING_GROUP_OID,
  FINDING_ITEM_OIDS,
  READING_FORM_OID,
  READING_ITEM_OIDS,
  type OdmReading,
} from './mri-reading.ts';

export const ODM_XSD = fileURLToPath(
  new URL('../../../../standards/odm-1.3.2/ODM1-3-2.xsd', import.meta.url),
);

let validator: XsdValidator | null = null;

/** The schema errors of a document (line: message), empty when it is valid. Compiles the schema once. */
export function odmSchemaErrors(xml: string): string[] {
  if (!validator) {
    xmlRegisterFsInputProviders();
    const schema = XmlDocument.fromBuffer(readFileSync(ODM_XSD), { url: ODM_XSD });
    try {
      validator = XsdValidator.fromDoc(schema);
    } finally {
      schema.dispose();
    }
  }
  const doc = XmlDocument.fromString(xml);
  try {
    validator.validate(doc);
    return [];
  } catch (error) {
    if (error instanceof XmlValidateError) return error.details.map((d) => `${d.line}: ${d.message.trim()}`);
    throw error;
  } finally {
    doc.dispose();
  }
}

const NS = { odm: ODM_NAMESPACE };

const DATA_TYPE_PATTERNS: Record<string, RegExp> = {
  integer: /^-?\d+$/,
  float: /^-?\d+(\.\d+)?$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  text: /^[\s\S]*$/,
  string: /^[\s\S]*$/,
};

function elements(doc: XmlDocument, xpath: string): XmlElement[] {
  return doc.find(xpath, NS).filter((n): n is XmlElement => n instanceof XmlElement);
}

const attr = (element: XmlElement, name: string) => element.attr(name)?.value ?? null;

/** Every OID defined by elements of a kind (`ItemDef`), as a set. */
const definedOids = (doc: XmlDocument, kind: string) =>
  new Set(elements(doc, `//odm:${kind}`).map((e) => attr(e, 'OID')!));

/** Problems of meaning the schema lets through; empty when there are none. */
export function odmMeaningProblems(xml: string): string[] {
  const doc = XmlDocument.fromString(xml);
  try {
    return meaningProblems(doc);
  } finally {
    doc.dispose();
  }
}

function meaningProblems(doc: XmlDocument): string[] {
  const problems: string[] = [];
  const refs: [element: string, attribute: string, definedBy: string][] = [
    ['StudyEventRef', 'StudyEventOID', 'StudyEventDef'],
    ['FormRef', 'FormOID', 'FormDef'],
    ['ItemGroupRef', 'ItemGroupOID', 'ItemGroupDef'],
    ['ItemRef', 'ItemOID', 'ItemDef'],
    ['ItemRef', 'MethodOID', 'MethodDef'],
    ['CodeListRef', 'CodeListOID', 'CodeList'],
    ['FlagValue', 'CodeListOID', 'CodeList'],
    ['MeasurementUnitRef', 'MeasurementUnitOID', 'MeasurementUnit'],
    ['UserRef', 'UserOID', 'User'],
    ['LocationRef', 'LocationOID', 'Location'],
    ['SiteRef', 'LocationOID', 'Location'],
    ['SignatureRef', 'SignatureOID', 'SignatureDef'],
    ['StudyEventData', 'StudyEventOID', 'StudyEventDef'],
    ['FormData', 'FormOID', 'FormDef'],
    ['ItemGroupData', 'ItemGroupOID', 'ItemGroupDef'],
    ['ItemData', 'ItemOID', 'ItemDef'],
    ['ClinicalData', 'MetaDataVersionOID', 'MetaDataVersion'],
    ['MetaDataVersionRef', 'MetaDataVersionOID', 'MetaDataVersion'],
    ['ClinicalData', 'StudyOID', 'Study'],
    ['AdminData', 'StudyOID', 'Study'],
  ];
  const definedByKind = new Map<string, Set<string>>();
  for (const [element, attribute, definedBy] of refs) {
    const defined = definedByKind.get(definedBy) ?? definedOids(doc, definedBy);
    definedByKind.set(definedBy, defined);
    for (const node of elements(doc, `//odm:${element}[@${attribute}]`)) {
      const oid = attr(node, attribute)!;
      if (!defined.has(oid)) problems.push(`${element} ${attribute}="${oid}" resolves to no ${definedBy}`);
    }
  }

  const codeLists = new Map(
    elements(doc, '//odm:CodeList').map((list) => [
      attr(list, 'OID')!,
      new Set(
        list
          .find('odm:CodeListItem', NS)
          .filter((i): i is XmlElement => i instanceof XmlElement)
          .map((i) => attr(i, 'CodedValue')!),
      ),
    ]),
  );
  const itemDefs = new Map(
    elements(doc, '//odm:ItemDef').map((def) => {
      const codeList = def.get('odm:CodeListRef', NS);
      return [
        attr(def, 'OID')!,
        {
          dataType: attr(def, 'DataType')!,
          codeList: codeList instanceof XmlElement ? attr(codeList, 'CodeListOID') : null,
        },
      ];
    }),
  );
  for (const data of elements(doc, '//odm:ItemData[@Value]')) {
    const oid = attr(data, 'ItemOID')!;
    const value = attr(data, 'Value')!;
    const def = itemDefs.get(oid);
    if (!def) continue;
    const pattern = DATA_TYPE_PATTERNS[def.dataType];
    if (!pattern) problems.push(`${oid}: no check for DataType ${def.dataType}`);
    else if (!pattern.test(value)) problems.push(`${oid}: "${value}" is not a ${def.dataType}`);
    if (def.codeList && !codeLists.get(def.codeList)?.has(value)) {
      problems.push(`${oid}: "${value}" is not in code list ${def.codeList}`);
    }
  }
  for (const flag of elements(doc, '//odm:FlagValue')) {
    const list = attr(flag, 'CodeListOID')!;
    if (!codeLists.get(list)?.has(flag.content))
      problems.push(`flag "${flag.content}" is not in code list ${list}`);
  }
  const created = attr(elements(doc, '/odm:ODM')[0]!, 'CreationDateTime')!;
  for (const stamp of elements(doc, '//odm:DateTimeStamp')) {
    if (!DATA_TYPE_PATTERNS.datetime!.test(stamp.content))
      problems.push(`DateTimeStamp ${stamp.content} is not a datetime`);
    else if (Date.parse(stamp.content) > Date.parse(created)) {
      problems.push(`DateTimeStamp ${stamp.content} is after CreationDateTime ${created}`);
    }
  }
  return problems;
}

/** A subject as read back from an ODM file: its arm and its final readings. */
export interface OdmSubjectReadBack {
  code: string;
  arm: Arm | null;
  readings: OdmReading[];
}

/** The values of an ItemGroupData, by ItemOID. */
function groupValues(group: XmlElement): Map<string, string> {
  return new Map(
    group
      .find('odm:ItemData[@Value]', NS)
      .filter((n): n is XmlElement => n instanceof XmlElement)
      .map((item) => [attr(item, 'ItemOID')!, attr(item, 'Value')!]),
  );
}

/** A finding from its group's values, as ./mri-reading.ts wrote it (grade, present or option; site or series). */
function findingOf(values: Map<string, string>): Finding {
  const f = FINDING_ITEM_OIDS;
  const item = values.get(f.item) ?? '';
  if (!isItemId(item)) throw new Error(`finding with an unknown item "${item}"`);
  const grade = values.get(f.grade);
  const present = values.get(f.present);
  const option = values.get(f.option);
  const value =
    grade !== undefined ? Number(grade) : present !== undefined ? present === '1' : (option ?? '');
  const series = values.get(f.seriesUid);
  return {
    site: series === undefined ? (values.get(f.site) ?? '') : `${SERIES_PREFIX}${series}`,
    item,
    value,
  };
}

/** Every subject's arm and final readings, in document order, read with XPath as a receiving tool would. */
export function odmSubjectsReadBack(xml: string): OdmSubjectReadBack[] {
  const doc = XmlDocument.fromString(xml);
  try {
    return elements(doc, '//odm:SubjectData').map((subject) => {
      const arm = subject.get(`.//odm:ItemData[@ItemOID="${ARM_ITEM_OID}"]`, NS);
      const readings = subject
        .find(`.//odm:FormData[@FormOID="${READING_FORM_OID}"]`, NS)
        .filter((n): n is XmlElement => n instanceof XmlElement)
        .map((form): OdmReading => {
          const groups = form
            .find('odm:ItemGroupData', NS)
            .filter((n): n is XmlElement => n instanceof XmlElement);
          const header = groupValues(groups.find((g) => attr(g, 'ItemGroupOID') !== FINDING_GROUP_OID)!);
          const kind = header.get(READING_ITEM_OIDS.kind);
          if (kind !== 'agreed' && kind !== 'consensus') throw new Error(`reading with final kind "${kind}"`);
          return {
            examCode: header.get(READING_ITEM_OIDS.examCode)!,
            kind,
            finalizedAt: header.get(READING_ITEM_OIDS.finalizedAt) ?? null,
            findings: groups
              .filter((g) => attr(g, 'ItemGroupOID') === FINDING_GROUP_OID)
              .map((g) => findingOf(groupValues(g))),
          };
        });
      const armCode = arm instanceof XmlElement ? attr(arm, 'Value')! : null;
      if (armCode !== null && !isArm(armCode)) throw new Error(`subject with arm "${armCode}"`);
      return { code: attr(subject, 'SubjectKey')!, arm: armCode, readings };
    });
  } finally {
    doc.dispose();
  }
}
