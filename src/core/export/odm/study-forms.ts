/**
 * The forms of the ODM file that no eCRF instrument defines, because Manus records their data itself: the
 * enrolment (the participant's arm, ./enrolment.ts) and the final MRI reading (./mri-reading.ts). Each is described
 * here as plain definitions and values, which ./metadata.ts and ./document.ts write next to the instruments' forms.
 * Their values carry no AuditRecord: they are not entered item by item on a form, so the trail has no per-item
 * change to replay (the reading's final time is one of its items).
 */
import type { LocalizedText } from '../../study/protocol.ts';
import type { CodeListDef } from './layout.ts';

export type StudyItemDataType = 'integer' | 'text' | 'datetime';

export interface StudyItemDef {
  oid: string;
  name: string;
  dataType: StudyItemDataType;
  question: LocalizedText;
  codeList: CodeListDef | null;
  mandatory: boolean;
}

export interface StudyGroupDef {
  oid: string;
  name: string;
  repeating: boolean;
  items: readonly StudyItemDef[];
}

export interface StudyFormDef {
  oid: string;
  name: string;
  description: LocalizedText;
  /** The study event whose definition lists the form. */
  visitCode: string;
  repeating: boolean;
  /** Whether every participant has the form (the enrolment), or only some (a reading needs an MRI). */
  mandatory: boolean;
  groups: readonly StudyGroupDef[];
}

export interface StudyGroupData {
  groupOid: string;
  /** Null outside repeating groups. */
  repeatKey: string | null;
  /** In the group's item order; an item without a value is left out. */
  values: readonly { itemOid: string; value: string }[];
}

/** One participant's instance of a study form. */
export interface StudyFormData {
  formOid: string;
  visitCode: string;
  /** Null for a form that does not repeat. */
  repeatKey: string | null;
  groups: readonly StudyGroupData[];
}
