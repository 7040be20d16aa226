/**
 * The code systems the FHIR export uses. External ones only where the code is certain: UCUM units, DICOM modality,
 * HL7 terminology (observation categories, PSEUDED). Scores, reading items, hand sites and the sodium measurement
 * are coded in the study's own CodeSystem, shipped in the Bundle, because the LOINC, SNOMED CT and RadLex codes
 * that may exist for some of them could not be verified against the official browsers
 * (../shared/reference/exports-and-report.md §2, "Codes") and a wrong code is worse than a local one.
 */
import type { CodeSystem, CodeSystemConcept, CodeableConcept, Coding } from 'fhir/r4.js';
import { INSTRUMENTS } from '../../instruments/registry.ts';
import { READING_ITEMS } from '../../reading/items.ts';
import type { StudyProtocol } from '../../study/protocol.ts';

export const UCUM = 'http://unitsofmeasure.org';
export const DICOM_DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const OBSERVATION_VALUE = 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue';
export const CLINICAL_TRIALS_GOV = 'https://clinicaltrials.gov';
export const DICOM_UID = 'urn:dicom:uid';

/** The study's CodeSystem URL and its participant-code identifier system (URNs: no server hosts them). */
export const studyCodeSystem = (protocol: StudyProtocol) => `urn:manus:${protocol.nctId}:codes`;
export const participantIdentifierSystem = (protocol: StudyProtocol) =>
  `urn:manus:${protocol.nctId}:participant`;

export const scoreCode = (instrumentId: string) => `score.${instrumentId}`;
export const readingCode = (itemId: string) => `reading.${itemId}`;
export const readingOptionCode = (itemId: string, option: string) => `reading.${itemId}.${option}`;
export const siteCode = (siteId: string) => `site.${siteId}`;
export const SODIUM_CODE = 'sodium.concentration';
export const SODIUM_COMPONENTS = {
  sd: 'sodium.concentration.sd',
  median: 'sodium.concentration.median',
  volume: 'sodium.roi.volume',
} as const;

export function studyCoding(protocol: StudyProtocol, code: string, display: string): Coding {
  return { system: studyCodeSystem(protocol), code, display };
}

export function studyConcept(protocol: StudyProtocol, code: string, display: string): CodeableConcept {
  return { coding: [studyCoding(protocol, code, display)], text: display };
}

export function category(code: 'survey' | 'imaging' | 'exam', display: string): CodeableConcept[] {
  return [{ coding: [{ system: OBSERVATION_CATEGORY, code, display }] }];
}

/** `quantity` with its UCUM code (the unit shown is the UCUM code itself, e.g. mmol/L). */
export const ucum = (value: number, code: string) => ({ value, unit: code, system: UCUM, code });

/**
 * The study CodeSystem: every instrument total, reading item and option, and the sodium measurement, with English
 * displays and French designations. Sites are listed as they are used (`sites`), so the system stays small.
 */
export function studyCodeSystemResource(
  protocol: StudyProtocol,
  sites: ReadonlyMap<string, { en: string; fr: string }>,
): CodeSystem {
  const concept = (
    code: string,
    en: string,
    fr: string,
    children?: CodeSystemConcept[],
  ): CodeSystemConcept => ({
    code,
    display: en,
    designation: [{ language: 'fr', value: fr }],
    ...(children ? { concept: children } : {}),
  });
  const concepts: CodeSystemConcept[] = [
    ...INSTRUMENTS.filter((i) => i.kind === 'scored').map((i) =>
      concept(scoreCode(i.id), `${i.title.en}: total score`, `${i.title.fr} : score total`),
    ),
    ...READING_ITEMS.map((item) =>
      concept(
        readingCode(item.id),
        item.label.en,
        item.label.fr,
        item.scale.type === 'choice'
          ? item.scale.options.map((o) =>
              concept(readingOptionCode(item.id, o.value), o.label.en, o.label.fr),
            )
          : undefined,
      ),
    ),
    concept(
      SODIUM_CODE,
      'Tissue sodium concentration, ROI mean',
      'Concentration tissulaire en sodium, moyenne de la ROI',
    ),
    concept(
      SODIUM_COMPONENTS.sd,
      'Tissue sodium concentration, ROI standard deviation',
      'Concentration tissulaire en sodium, écart type de la ROI',
    ),
    concept(
      SODIUM_COMPONENTS.median,
      'Tissue sodium concentration, ROI median',
      'Concentration tissulaire en sodium, médiane de la ROI',
    ),
    concept(SODIUM_COMPONENTS.volume, 'ROI volume', 'Volume de la ROI'),
    ...[...sites].map(([id, label]) => concept(siteCode(id), label.en, label.fr)),
  ];
  return {
    resourceType: 'CodeSystem',
    id: 'study-codes',
    url: studyCodeSystem(protocol),
    name: `Manus${protocol.nctId}Codes`,
    title: `Manus codes of ${protocol.nctId}`,
    status: 'active',
    content: 'complete',
    caseSensitive: true,
    hierarchyMeaning: 'grouped-by',
    count: countConcepts(concepts),
    concept: concepts,
  };
}

function countConcepts(concepts: readonly CodeSystemConcept[]): number {
  return concepts.reduce((sum, c) => sum + 1 + countConcepts(c.concept ?? []), 0);
}
