/**
 * The final MRI readings in ODM: a repeating form at the MRI study event, one per finalised exam reading, holding
 * the exam, how the reading was reached (agreed or consensus) and when, and a repeating group with one entry per
 * finding. Only final readings are written, as the analysis uses them; the individual reads and all comments (free
 * text) stay out, as in the other exports' final-reading tables. A finding's site is coded from the reading sites
 * (the hand anatomy plus the scored areas, ../../reading/sites.ts), except an image series, written by its UID; its
 * value goes to the item that fits the scale: a grade, present/absent, or an option.
 */
import type { Finding } from '../../reading/findings.ts';
import { READING_ITEMS } from '../../reading/items.ts';
import { READING_OPTIONS } from '../../reading/scale.ts';
import { HAND_SITES, SERIES_PREFIX } from '../../reading/sites.ts';
import { FINAL_KIND_LABELS, type FinalKind } from '../../reading/task-state.ts';
import { mriVisitCode, type StudyProtocol } from '../../study/protocol.ts';
import { YES_NO_CODE_LIST, type CodeListDef } from './layout.ts';
import type { StudyFormData, StudyFormDef, StudyGroupData, StudyItemDef } from './study-forms.ts';

/** A final reading as the ODM file holds it (dates already shifted in a de-identified export). */
export interface OdmReading {
  examCode: string;
  kind: FinalKind;
  finalizedAt: string | null;
  findings: readonly Finding[];
}

export const READING_FORM_OID = 'F.MRI_READING';
export const READING_GROUP_OID = 'IG.MRI_READING';
export const FINDING_GROUP_OID = 'IG.MRI_READING.FINDING';
export const READING_ITEM_OIDS = {
  examCode: 'I.MRI_READING.EXAM_CODE',
  kind: 'I.MRI_READING.FINAL_KIND',
  finalizedAt: 'I.MRI_READING.FINALIZED_AT',
} as const;
export const FINDING_ITEM_OIDS = {
  site: 'I.MRI_READING.FINDING.SITE',
  seriesUid: 'I.MRI_READING.FINDING.SERIES_UID',
  item: 'I.MRI_READING.FINDING.ITEM',
  grade: 'I.MRI_READING.FINDING.GRADE',
  present: 'I.MRI_READING.FINDING.PRESENT',
  option: 'I.MRI_READING.FINDING.OPTION',
} as const;

const codeList = (name: string, items: CodeListDef['items']): CodeListDef => ({
  oid: `CL.MRI_READING.${name.toUpperCase()}`,
  name: `mri_reading_${name}`,
  dataType: 'text',
  items,
});

const item = (
  oid: string,
  name: string,
  dataType: StudyItemDef['dataType'],
  en: string,
  fr: string,
  list: CodeListDef | null,
  mandatory: boolean,
): StudyItemDef => ({ oid, name, dataType, question: { en, fr }, codeList: list, mandatory });

function readingVisit(protocol: StudyProtocol): string {
  const visit = mriVisitCode(protocol);
  if (visit === null) throw new Error(`${protocol.nctId}: the protocol schedules no visit`);
  return visit;
}

export function readingFormDef(protocol: StudyProtocol): StudyFormDef {
  const ids = READING_ITEM_OIDS;
  const f = FINDING_ITEM_OIDS;
  return {
    oid: READING_FORM_OID,
    name: 'mri_reading',
    description: { en: 'MRI reading, final', fr: 'Lecture IRM finale' },
    visitCode: readingVisit(protocol),
    repeating: true,
    mandatory: false,
    groups: [
      {
        oid: READING_GROUP_OID,
        name: 'mri_reading',
        repeating: false,
        items: [
          item(ids.examCode, 'exam_code', 'text', 'MRI exam code', "Code de l'examen IRM", null, true),
          item(
            ids.kind,
            'final_kind',
            'text',
            'How the final reading was reached',
            'Origine de la lecture finale',
            codeList(
              'final_kind',
              (Object.keys(FINAL_KIND_LABELS) as FinalKind[]).map((k) => ({
                value: k,
                label: FINAL_KIND_LABELS[k],
              })),
            ),
            true,
          ),
          item(ids.finalizedAt, 'finalized_at', 'datetime', 'Final since', 'Finale depuis', null, false),
        ],
      },
      {
        oid: FINDING_GROUP_OID,
        name: 'mri_reading.finding',
        repeating: true,
        items: [
          item(
            f.site,
            'site',
            'text',
            'Site (hand structure or area)',
            'Site (structure ou zone de la main)',
            codeList(
              'site',
              HAND_SITES.map((s) => ({ value: s.id, label: s.label })),
            ),
            false,
          ),
          item(f.seriesUid, 'series_uid', 'text', 'Image series (UID)', "Série d'images (UID)", null, false),
          item(
            f.item,
            'item',
            'text',
            'Reading item',
            'Item de lecture',
            codeList(
              'item',
              READING_ITEMS.map((i) => ({ value: i.id, label: i.label })),
            ),
            true,
          ),
          item(f.grade, 'grade', 'integer', 'Grade', 'Grade', null, false),
          item(f.present, 'present', 'integer', 'Present', 'Présent', YES_NO_CODE_LIST, false),
          item(f.option, 'option', 'text', 'Option', 'Option', codeList('option', READING_OPTIONS), false),
        ],
      },
    ],
  };
}

function findingValues(finding: Finding): StudyGroupData['values'] {
  const f = FINDING_ITEM_OIDS;
  const where = finding.site.startsWith(SERIES_PREFIX)
    ? { itemOid: f.seriesUid, value: finding.site.slice(SERIES_PREFIX.length) }
    : { itemOid: f.site, value: finding.site };
  const { value } = finding;
  const what =
    typeof value === 'number'
      ? { itemOid: f.grade, value: String(value) }
      : typeof value === 'boolean'
        ? { itemOid: f.present, value: value ? '1' : '0' }
        : { itemOid: f.option, value };
  return [where, { itemOid: f.item, value: finding.item }, what];
}

/** A participant's final readings as forms, in the order given, repeat keys 1, 2, 3…. */
export function readingData(protocol: StudyProtocol, readings: readonly OdmReading[]): StudyFormData[] {
  const ids = READING_ITEM_OIDS;
  return readings.map((reading, index) => ({
    formOid: READING_FORM_OID,
    visitCode: readingVisit(protocol),
    repeatKey: String(index + 1),
    groups: [
      {
        groupOid: READING_GROUP_OID,
        repeatKey: null,
        values: [
          { itemOid: ids.examCode, value: reading.examCode },
          { itemOid: ids.kind, value: reading.kind },
          ...(reading.finalizedAt === null ? [] : [{ itemOid: ids.finalizedAt, value: reading.finalizedAt }]),
        ],
      },
      ...reading.findings.map((finding, i) => ({
        groupOid: FINDING_GROUP_OID,
        repeatKey: String(i + 1),
        values: findingValues(finding),
      })),
    ],
  }));
}
