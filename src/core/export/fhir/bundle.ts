/**
 * The FHIR R4 export: one `collection` Bundle with the ResearchStudy (NCT number as identifier), a pseudonymous
 * Patient (participant code only, `meta.security` PSEUDED, birth year only) and a ResearchSubject per participant,
 * an ImagingStudy per exam with stored images, and Observations: one per instrument total, one per finding of each
 * final reading (bodySite = the hand site), one per sodium ROI (UCUM mmol/L). Resources refer to each other by
 * `urn:uuid` full URLs, as a Bundle with no server behind it must.
 */
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  FhirResource,
  ImagingStudy,
  Observation,
  Patient,
  Reference,
  ResearchStudy,
  ResearchSubject,
} from 'fhir/r4.js';
import { getInstrument } from '../../instruments/registry.ts';
import { readingItem } from '../../reading/items.ts';
import { resolveSite } from '../../reading/sites.ts';
import { FHIR_RESEARCH_SUBJECT_STATUS } from '../../study/participant-status.ts';
import type { LocalizedText } from '../../study/protocol.ts';
import type { ExportExam, ExportParticipant, ExportSnapshot } from '../snapshot.ts';
import {
  category,
  CLINICAL_TRIALS_GOV,
  DICOM_DCM,
  DICOM_UID,
  OBSERVATION_VALUE,
  participantIdentifierSystem,
  readingCode,
  readingOptionCode,
  scoreCode,
  siteCode,
  SODIUM_CODE,
  SODIUM_COMPONENTS,
  studyCodeSystemResource,
  studyConcept,
  ucum,
} from './codes.ts';

/** Identifiers replaced by pseudonyms (HL7 v3 ObservationValue): participant codes instead of names or record numbers. */
const PSEUDED = { system: OBSERVATION_VALUE, code: 'PSEUDED', display: 'pseudonymized' };

/** FHIR ids allow letters, digits, `-` and `.`, at most 64 characters. */
const fhirId = (...parts: string[]) =>
  parts
    .join('-')
    .replace(/[^A-Za-z0-9.-]/g, '-')
    .slice(0, 64);

class BundleBuilder {
  readonly entries: BundleEntry<FhirResource>[] = [];

  add<T extends FhirResource>(resource: T): Reference {
    const fullUrl = `urn:uuid:${globalThis.crypto.randomUUID()}`;
    this.entries.push({ fullUrl, resource });
    return { reference: fullUrl };
  }
}

/** Sex as the demographics form records it, as FHIR's administrative gender. */
function gender(snapshot: ExportSnapshot, code: string): Patient['gender'] {
  const form = snapshot.forms.find((f) => f.participantCode === code && f.instrumentId === 'demographics');
  const sex = form?.values.sex;
  return sex === 'female' || sex === 'male' ? sex : 'unknown';
}

/** The birth year: only the year, and only when the export holds the birth date (identified exports). */
function birthYear(snapshot: ExportSnapshot, participant: ExportParticipant): string | undefined {
  const form = snapshot.forms.find(
    (f) => f.participantCode === participant.code && f.instrumentId === 'demographics',
  );
  const date = participant.identity?.birthDate ?? form?.values.birth_date;
  return typeof date === 'string' ? date.slice(0, 4) : undefined;
}

const concept = (snapshot: ExportSnapshot, code: string, text: LocalizedText): CodeableConcept =>
  studyConcept(snapshot.study.protocol, code, text.en);

function imagingStudy(exam: ExportExam, subject: Reference): ImagingStudy | null {
  const [first] = exam.series;
  if (!first) return null;
  return {
    resourceType: 'ImagingStudy',
    id: fhirId('imaging', exam.examCode),
    identifier: [{ system: DICOM_UID, value: `urn:oid:${first.studyInstanceUid}` }],
    status: 'available',
    modality: [{ system: DICOM_DCM, code: 'MR', display: 'Magnetic Resonance' }],
    subject,
    ...(exam.acquiredAt ? { started: exam.acquiredAt } : {}),
    numberOfSeries: exam.series.length,
    numberOfInstances: exam.series.reduce((sum, s) => sum + s.instances, 0),
    description: `${exam.examCode} (${exam.hands} hands)`,
    series: exam.series.map((s) => ({
      uid: s.seriesInstanceUid,
      ...(s.seriesNumber !== null ? { number: s.seriesNumber } : {}),
      modality: { system: DICOM_DCM, code: s.modality || 'MR' },
      ...(s.seriesDescription ? { description: s.seriesDescription } : {}),
      numberOfInstances: s.instances,
    })),
  };
}

export function fhirBundle(snapshot: ExportSnapshot): Bundle<FhirResource> {
  const { protocol } = snapshot.study;
  const bundle = new BundleBuilder();
  const sitesUsed = new Map<string, LocalizedText>();

  const studyRef = bundle.add<ResearchStudy>({
    resourceType: 'ResearchStudy',
    id: fhirId('study', protocol.nctId),
    identifier: [{ system: CLINICAL_TRIALS_GOV, value: protocol.nctId }],
    title: protocol.title.en,
    status: 'active',
    arm: protocol.arms.map((arm) => ({ name: arm.code, description: arm.label.en })),
    ...(snapshot.study.synthetic ? { description: 'Synthetic demonstration data.' } : {}),
  });

  const patients = new Map<string, Reference>();
  for (const participant of snapshot.participants) {
    const year = birthYear(snapshot, participant);
    const patient = bundle.add<Patient>({
      resourceType: 'Patient',
      id: fhirId(participant.code),
      meta: { security: [PSEUDED] },
      identifier: [{ system: participantIdentifierSystem(protocol), value: participant.code }],
      gender: gender(snapshot, participant.code),
      ...(year ? { birthDate: year } : {}),
    });
    patients.set(participant.code, patient);
    bundle.add<ResearchSubject>({
      resourceType: 'ResearchSubject',
      id: fhirId('subject', participant.code),
      identifier: [{ system: participantIdentifierSystem(protocol), value: participant.code }],
      status: FHIR_RESEARCH_SUBJECT_STATUS[participant.status] as ResearchSubject['status'],
      period: {
        start: participant.inclusionDate ?? participant.screeningDate,
        ...(participant.endDate ? { end: participant.endDate } : {}),
      },
      study: studyRef,
      individual: patient,
      assignedArm: participant.arm,
    });
  }
  const patientOf = (code: string): Reference => {
    const found = patients.get(code);
    if (!found) throw new Error(`No participant ${code} in the export`);
    return found;
  };

  for (const form of snapshot.forms) {
    const total = form.score?.total;
    if (total === null || total === undefined) continue;
    const instrument = getInstrument(form.instrumentId);
    bundle.add<Observation>({
      resourceType: 'Observation',
      id: fhirId('score', form.participantCode, form.visitCode, form.instrumentId),
      status: form.status === 'in_progress' ? 'preliminary' : 'final',
      category: category('survey', 'Survey'),
      code: studyConcept(protocol, scoreCode(instrument.id), `${instrument.title.en}: total score`),
      subject: patientOf(form.participantCode),
      effectiveDateTime: form.updatedAt,
      valueQuantity: { value: total },
      note: [
        {
          text: `${instrument.id} ${form.definitionVersion}${form.variant ? `, variant ${form.variant}` : ''}, visit ${form.visitCode}`,
        },
      ],
    });
  }

  const imagingByExam = new Map<string, Reference>();
  for (const exam of snapshot.exams) {
    const resource = imagingStudy(exam, patientOf(exam.participantCode));
    if (resource) imagingByExam.set(exam.examCode, bundle.add(resource));
  }
  const examByCode = new Map(snapshot.exams.map((e) => [e.examCode, e]));

  for (const reading of snapshot.readings) {
    if (!reading.final) continue;
    const exam = examByCode.get(reading.examCode);
    const imaging = imagingByExam.get(reading.examCode);
    reading.final.findings.forEach((finding, index) => {
      const item = readingItem(finding.item);
      const site = resolveSite(finding.site);
      const anatomical = site && site.scope !== 'series' ? site : null;
      if (anatomical) sitesUsed.set(anatomical.id, anatomical.label);
      const value: Partial<Observation> =
        typeof finding.value === 'number'
          ? { valueInteger: finding.value }
          : typeof finding.value === 'boolean'
            ? { valueBoolean: finding.value }
            : {
                valueCodeableConcept: concept(
                  snapshot,
                  readingOptionCode(item.id, finding.value),
                  item.scale.type === 'choice'
                    ? (item.scale.options.find((o) => o.value === finding.value)?.label ?? {
                        en: finding.value,
                        fr: finding.value,
                      })
                    : { en: finding.value, fr: finding.value },
                ),
              };
      const effective = reading.final!.finalizedAt ?? exam?.acquiredAt ?? null;
      bundle.add<Observation>({
        resourceType: 'Observation',
        id: fhirId('finding', reading.examCode, String(index + 1)),
        status: 'final',
        category: category('imaging', 'Imaging'),
        code: concept(snapshot, readingCode(item.id), item.label),
        subject: patientOf(reading.participantCode),
        ...(effective ? { effectiveDateTime: effective } : {}),
        ...(anatomical ? { bodySite: concept(snapshot, siteCode(anatomical.id), anatomical.label) } : {}),
        ...(imaging ? { derivedFrom: [imaging] } : {}),
        ...value,
        ...(!anatomical && site
          ? { note: [{ text: `Image series ${finding.site.slice('series:'.length)}` }] }
          : {}),
      });
    });
  }

  for (const roi of snapshot.sodium) {
    const imaging = imagingByExam.get(roi.examCode);
    const exam = examByCode.get(roi.examCode);
    const { mean, sd, median } = roi.concentrationMmol;
    bundle.add<Observation>({
      resourceType: 'Observation',
      id: fhirId('sodium', roi.examCode, String(roi.label)),
      status: 'final',
      category: category('imaging', 'Imaging'),
      code: studyConcept(protocol, SODIUM_CODE, 'Tissue sodium concentration, ROI mean'),
      subject: patientOf(roi.participantCode),
      ...(exam?.acquiredAt ? { effectiveDateTime: exam.acquiredAt } : {}),
      issued: roi.recordedAt,
      bodySite: { text: `${roi.name} (${roi.kind})` },
      ...(imaging ? { derivedFrom: [imaging] } : {}),
      valueQuantity: ucum(mean, 'mmol/L'),
      component: [
        {
          code: studyConcept(
            protocol,
            SODIUM_COMPONENTS.sd,
            'Tissue sodium concentration, ROI standard deviation',
          ),
          valueQuantity: ucum(sd, 'mmol/L'),
        },
        {
          code: studyConcept(protocol, SODIUM_COMPONENTS.median, 'Tissue sodium concentration, ROI median'),
          valueQuantity: ucum(median, 'mmol/L'),
        },
        {
          code: studyConcept(protocol, SODIUM_COMPONENTS.volume, 'ROI volume'),
          valueQuantity: ucum(roi.volumeMm3, 'mm3'),
        },
      ],
    });
  }

  bundle.add(studyCodeSystemResource(protocol, sitesUsed));
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: snapshot.generatedAt,
    ...(snapshot.identified ? {} : { meta: { security: [PSEUDED] } }),
    entry: bundle.entries,
  };
}
