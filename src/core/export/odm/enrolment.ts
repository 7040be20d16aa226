/**
 * The participant's arm in ODM 1.3.2, which has no element for it (StudyArm came with ODM 2.0): an enrolment form
 * at the first study event holding one coded item, the arm, with the protocol's arms as its code list.
 */
import type { Arm, StudyProtocol } from '../../study/protocol.ts';
import type { StudyFormData, StudyFormDef } from './study-forms.ts';

export const ENROLMENT_FORM_OID = 'F.ENROLMENT';
export const ENROLMENT_GROUP_OID = 'IG.ENROLMENT';
export const ARM_ITEM_OID = 'I.ENROLMENT.ARM';
export const ARM_CODE_LIST_OID = 'CL.ARM';

/** The visit the enrolment belongs to: the schedule's first, where screening decides inclusion. */
function enrolmentVisit(protocol: StudyProtocol): string {
  const first = protocol.visits[0];
  if (!first) throw new Error(`${protocol.nctId}: the protocol schedules no visit`);
  return first.code;
}

export function enrolmentFormDef(protocol: StudyProtocol): StudyFormDef {
  return {
    oid: ENROLMENT_FORM_OID,
    name: 'enrolment',
    description: { en: 'Enrolment', fr: 'Inclusion' },
    visitCode: enrolmentVisit(protocol),
    repeating: false,
    mandatory: true,
    groups: [
      {
        oid: ENROLMENT_GROUP_OID,
        name: 'enrolment',
        repeating: false,
        items: [
          {
            oid: ARM_ITEM_OID,
            name: 'arm',
            dataType: 'text',
            question: { en: 'Arm', fr: 'Bras' },
            codeList: {
              oid: ARM_CODE_LIST_OID,
              name: 'arm',
              dataType: 'text',
              items: protocol.arms.map((a) => ({ value: a.code, label: a.label })),
            },
            mandatory: true,
          },
        ],
      },
    ],
  };
}

export function enrolmentData(protocol: StudyProtocol, arm: Arm): StudyFormData {
  return {
    formOid: ENROLMENT_FORM_OID,
    visitCode: enrolmentVisit(protocol),
    repeatKey: null,
    groups: [
      { groupOid: ENROLMENT_GROUP_OID, repeatKey: null, values: [{ itemOid: ARM_ITEM_OID, value: arm }] },
    ],
  };
}
