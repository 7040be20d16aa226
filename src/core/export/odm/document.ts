/**
 * The CDISC ODM 1.3.2 export: one Transactional file holding the study's metadata, its administrative data (users,
 * the site, the signature meanings) and the clinical data, where every item's history is replayed in time order —
 * an ItemData per change (Insert, Update, Remove), each with its one AuditRecord (user, location, timestamp, reason,
 * the audit event as SourceID) — and each signed form carries its Signature. ODM allows one AuditRecord per ItemData,
 * which is why the ItemData repeats (CDISC ODM 1.3.2 §2.7 and §3.1.4, "Transactional" files). Each subject also
 * carries its arm (an enrolment form at the first visit) and its final MRI readings (a repeating form at the MRI
 * visit), written once as Manus recorded them.
 */
import { create } from 'xmlbuilder2';
import { SIGNATURE_MEANING_TEXT, SIGNATURE_MEANINGS } from '../../forms/lifecycle.ts';
import type { InstrumentDefinition } from '../../instruments/types.ts';
import { xmlText } from '../xml-text.ts';
import type { OdmForm, OdmFormChange, OdmInput, OdmSubject } from './input.ts';
import {
  FORM_OID,
  formCells,
  MISSING_CODE_LIST_OID,
  STUDY_EVENT_OID,
  type Cell,
  type CellAddress,
} from './layout.ts';
import { enrolmentData, enrolmentFormDef } from './enrolment.ts';
import { writeBasicDefinitions, writeMetaDataVersion, type XMLBuilder } from './metadata.ts';
import { readingData, readingFormDef } from './mri-reading.ts';
import type { StudyFormData } from './study-forms.ts';

export const ODM_NAMESPACE = 'http://www.cdisc.org/ns/odm/v1.3';
export const STUDY_OID = (nctId: string) => `S.${nctId}`;
export const METADATA_VERSION_OID = 'MDV.1';
export const USER_OID = (username: string) => `USR.${username}`;
export const LOCATION_OID = (siteCode: string) => `LOC.${siteCode}`;
export const SIGNATURE_DEF_OID = (meaning: string) => `SD.${meaning}`;

/** ODM's EditPoint: where in the data flow the change was made. */
function editPoint(role: string): 'Monitoring' | 'DataManagement' | 'DBAudit' {
  if (role === 'monitor') return 'Monitoring';
  if (role === 'data_manager') return 'DataManagement';
  return 'DBAudit';
}

type TransactionType = 'Insert' | 'Update' | 'Remove';
type PlacedCell = Cell & CellAddress;

interface ItemTransaction {
  cell: PlacedCell | CellAddress;
  type: TransactionType;
  change: OdmFormChange;
}

const sameCell = (a: PlacedCell, b: PlacedCell) =>
  'missing' in a
    ? 'missing' in b && a.missing === b.missing
    : 'value' in b && a.value === b.value && a.unitOid === b.unitOid;

/** The transactions that replay a form's history: what each change inserted, updated or removed, in time order. */
export function itemTransactions(form: OdmForm, instrument: InstrumentDefinition): ItemTransaction[] {
  const transactions: ItemTransaction[] = [];
  let previous = new Map<string, PlacedCell>();
  for (const change of form.history) {
    const current = formCells(instrument, change);
    for (const [key, cell] of current) {
      const before = previous.get(key);
      if (!before) transactions.push({ cell, type: 'Insert', change });
      else if (!sameCell(before, cell)) transactions.push({ cell, type: 'Update', change });
    }
    for (const [key, cell] of previous) {
      if (!current.has(key)) {
        const { groupOid, repeatKey, itemOid } = cell;
        transactions.push({ cell: { groupOid, repeatKey, itemOid }, type: 'Remove', change });
      }
    }
    previous = current;
  }
  return transactions;
}

function writeItemData(group: XMLBuilder, transaction: ItemTransaction, locationOid: string): void {
  const { cell, type, change } = transaction;
  const attributes: Record<string, string> = { ItemOID: cell.itemOid, TransactionType: type };
  if ('value' in cell) attributes.Value = xmlText(cell.value);
  if ('missing' in cell) attributes.IsNull = 'Yes';
  const item = group.ele('ItemData', attributes);
  const audit = item.ele('AuditRecord', { EditPoint: editPoint(change.role), UsedImputationMethod: 'No' });
  audit.ele('UserRef', { UserOID: USER_OID(change.username) });
  audit.ele('LocationRef', { LocationOID: locationOid });
  audit.ele('DateTimeStamp').txt(change.at);
  if (change.reason) audit.ele('ReasonForChange').txt(xmlText(change.reason));
  audit.ele('SourceID').txt(`manus-audit:${change.auditSeq}`);
  if ('unitOid' in cell && cell.unitOid) item.ele('MeasurementUnitRef', { MeasurementUnitOID: cell.unitOid });
  if ('missing' in cell) {
    // The missing-data code says why the value is null (ODM 1.3.2 has no null flavours): a flag from its code list.
    item
      .ele('Annotation', { SeqNum: '1' })
      .ele('Flag')
      .ele('FlagValue', { CodeListOID: MISSING_CODE_LIST_OID })
      .txt(cell.missing);
  }
}

function writeForm(
  event: XMLBuilder,
  form: OdmForm,
  instrument: InstrumentDefinition,
  locationOid: string,
): void {
  const node = event.ele('FormData', { FormOID: FORM_OID(form.instrumentId), TransactionType: 'Upsert' });
  if (form.signature) {
    const signature = node.ele('Signature');
    signature.ele('UserRef', { UserOID: USER_OID(form.signature.username) });
    signature.ele('LocationRef', { LocationOID: locationOid });
    signature.ele('SignatureRef', { SignatureOID: SIGNATURE_DEF_OID(form.signature.meaning) });
    signature.ele('DateTimeStamp').txt(form.signature.at);
  }
  // One ItemGroupData per group and repeat key, in order of first appearance; inside it, the item's changes in time.
  const groups = new Map<string, ItemTransaction[]>();
  for (const transaction of itemTransactions(form, instrument)) {
    const key = `${transaction.cell.groupOid}|${transaction.cell.repeatKey ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), transaction]);
  }
  for (const transactions of groups.values()) {
    const { groupOid, repeatKey } = transactions[0]!.cell;
    const attributes: Record<string, string> = { ItemGroupOID: groupOid, TransactionType: 'Upsert' };
    if (repeatKey !== null) attributes.ItemGroupRepeatKey = repeatKey;
    const group = node.ele('ItemGroupData', attributes);
    for (const transaction of transactions) writeItemData(group, transaction, locationOid);
  }
}

/** A form Manus fills itself: its values inserted, with no per-item audit record (./study-forms.ts says why). */
function writeStudyForm(event: XMLBuilder, form: StudyFormData): void {
  const attributes: Record<string, string> = { FormOID: form.formOid, TransactionType: 'Upsert' };
  if (form.repeatKey !== null) attributes.FormRepeatKey = form.repeatKey;
  const node = event.ele('FormData', attributes);
  for (const group of form.groups) {
    const groupAttributes: Record<string, string> = {
      ItemGroupOID: group.groupOid,
      TransactionType: 'Upsert',
    };
    if (group.repeatKey !== null) groupAttributes.ItemGroupRepeatKey = group.repeatKey;
    const groupNode = node.ele('ItemGroupData', groupAttributes);
    for (const { itemOid, value } of group.values) {
      groupNode.ele('ItemData', { ItemOID: itemOid, TransactionType: 'Insert', Value: xmlText(value) });
    }
  }
}

function writeSubject(clinical: XMLBuilder, subject: OdmSubject, input: OdmInput, locationOid: string): void {
  const node = clinical.ele('SubjectData', { SubjectKey: subject.code, TransactionType: 'Upsert' });
  node.ele('SiteRef', { LocationOID: locationOid });
  const studyForms = [
    enrolmentData(input.protocol, subject.arm),
    ...readingData(input.protocol, subject.readings),
  ];
  for (const visit of input.protocol.visits) {
    const forms = subject.forms.filter((f) => f.visitCode === visit.code && f.history.length > 0);
    const ownForms = studyForms.filter((f) => f.visitCode === visit.code);
    if (forms.length === 0 && ownForms.length === 0) continue;
    const event = node.ele('StudyEventData', {
      StudyEventOID: STUDY_EVENT_OID(visit.code),
      TransactionType: 'Upsert',
    });
    for (const form of forms) {
      const instrument = input.instruments.find((i) => i.id === form.instrumentId);
      if (!instrument)
        throw new Error(`${subject.code}: form ${form.instrumentId} has no instrument definition`);
      writeForm(event, form, instrument, locationOid);
    }
    for (const form of ownForms) writeStudyForm(event, form);
  }
}

function writeAdminData(odm: XMLBuilder, input: OdmInput, studyOid: string, locationOid: string): void {
  const admin = odm.ele('AdminData', { StudyOID: studyOid });
  for (const user of input.users) {
    const node = admin.ele('User', { OID: USER_OID(user.username) });
    node.ele('LoginName').txt(xmlText(user.username));
    node.ele('DisplayName').txt(xmlText(user.displayName));
    node.ele('LocationRef', { LocationOID: locationOid });
  }
  const site = admin.ele('Location', {
    OID: locationOid,
    Name: xmlText(input.protocol.site.name),
    LocationType: 'Site',
  });
  site.ele('MetaDataVersionRef', {
    StudyOID: studyOid,
    MetaDataVersionOID: METADATA_VERSION_OID,
    EffectiveDate: input.createdAt.slice(0, 10),
  });
  for (const meaning of SIGNATURE_MEANINGS) {
    const definition = admin.ele('SignatureDef', {
      OID: SIGNATURE_DEF_OID(meaning),
      Methodology: 'Electronic',
    });
    definition.ele('Meaning').txt(SIGNATURE_MEANING_TEXT[meaning].en);
    definition.ele('LegalReason').txt('21 CFR Part 11 electronic signature, §11.50 signature manifestation');
  }
}

/** The ODM 1.3.2 document as pretty-printed UTF-8 XML text. */
export function odmDocument(input: OdmInput): string {
  const { protocol } = input;
  const studyOid = STUDY_OID(protocol.nctId);
  const locationOid = LOCATION_OID(protocol.site.code);
  const odm = create({ version: '1.0', encoding: 'UTF-8' }).ele(ODM_NAMESPACE, 'ODM', {
    ODMVersion: '1.3.2',
    FileType: 'Transactional',
    Granularity: 'All',
    FileOID: `${studyOid}.export.${input.createdAt}`,
    CreationDateTime: input.createdAt,
    Originator: xmlText(protocol.sponsor),
    SourceSystem: 'Manus',
    SourceSystemVersion: input.manusVersion,
  });
  const study = odm.ele('Study', { OID: studyOid });
  const globals = study.ele('GlobalVariables');
  globals.ele('StudyName').txt(protocol.nctId);
  globals.ele('StudyDescription').txt(xmlText(protocol.title.en));
  globals.ele('ProtocolName').txt(protocol.nctId);
  writeBasicDefinitions(study, input.instruments);
  writeMetaDataVersion(study, METADATA_VERSION_OID, protocol, input.instruments, [
    enrolmentFormDef(protocol),
    readingFormDef(protocol),
  ]);
  writeAdminData(odm, input, studyOid, locationOid);
  const clinical = odm.ele('ClinicalData', { StudyOID: studyOid, MetaDataVersionOID: METADATA_VERSION_OID });
  for (const subject of input.subjects) writeSubject(clinical, subject, input, locationOid);
  return odm.end({ prettyPrint: true });
}
