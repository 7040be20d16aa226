/**
 * What the ODM export is made from: plain data, already de-identified and date-shifted by the caller when the export
 * is de-identified. Each form carries its whole recorded history (the audit trail's states after each change), so
 * the Transactional file can replay it. The arm and the final MRI readings come as recorded (./enrolment.ts,
 * ./mri-reading.ts).
 */
import type { InstrumentDefinition } from '../../instruments/types.ts';
import type { SignatureMeaning } from '../../forms/lifecycle.ts';
import type { Arm, StudyProtocol } from '../../study/protocol.ts';
import type { FormState } from './layout.ts';
import type { OdmReading } from './mri-reading.ts';

export interface OdmUser {
  username: string;
  displayName: string;
  /** The role name as the audit trail records it. */
  role: string;
}

/** A form's state after one audited change, with who made it, when (ISO-8601 UTC) and why. */
export interface OdmFormChange extends FormState {
  at: string;
  username: string;
  role: string;
  reason: string | null;
  /** The audit event's sequence number, written as the AuditRecord's SourceID. */
  auditSeq: number;
}

export interface OdmSignature {
  username: string;
  at: string;
  meaning: SignatureMeaning;
}

export interface OdmForm {
  visitCode: string;
  instrumentId: string;
  /** In time order; the last is the form's current state. */
  history: readonly OdmFormChange[];
  signature: OdmSignature | null;
}

export interface OdmSubject {
  code: string;
  arm: Arm;
  forms: readonly OdmForm[];
  /** The participant's final MRI readings, by exam code. */
  readings: readonly OdmReading[];
}

export interface OdmInput {
  protocol: StudyProtocol;
  instruments: readonly InstrumentDefinition[];
  users: readonly OdmUser[];
  subjects: readonly OdmSubject[];
  /** When the file is made (ISO-8601 UTC): every audit timestamp must precede it. */
  createdAt: string;
  /** Names the software in SourceSystem / SourceSystemVersion. */
  manusVersion: string;
}
