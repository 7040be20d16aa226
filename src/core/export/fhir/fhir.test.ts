import type {
  Bundle,
  FhirResource,
  ImagingStudy,
  Observation,
  Patient,
  ResearchStudy,
  ResearchSubject,
} from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { standardsSnapshot } from '../standards-fixture.ts';
import { fhirBundle } from './bundle.ts';
import { fhirBundleProblems, fhirSchemaErrors } from './testing.ts';

const resources = <T extends FhirResource>(bundle: Bundle<FhirResource>, type: T['resourceType']): T[] =>
  (bundle.entry ?? []).map((e) => e.resource).filter((r): r is T => r?.resourceType === type);

describe('FHIR R4 export', () => {
  const snapshot = standardsSnapshot();
  const bundle = fhirBundle(snapshot);

  it('every resource validates against the official R4 schema, has its required elements and resolvable references', () => {
    expect(fhirBundleProblems(bundle)).toEqual([]);
  });

  it('has the study with its NCT number, and a pseudonymous patient and research subject per participant', () => {
    const [study] = resources<ResearchStudy>(bundle, 'ResearchStudy');
    expect(study?.identifier).toEqual([{ system: 'https://clinicaltrials.gov', value: 'NCT04223817' }]);
    const patients = resources<Patient>(bundle, 'Patient');
    expect(patients.map((p) => p.identifier?.[0]?.value)).toEqual(['P-0001', 'P-0002']);
    expect(patients[0]!.meta?.security?.[0]?.code).toBe('PSEUDED');
    expect(patients.map((p) => p.gender)).toEqual(['female', 'male']);
    expect(patients.some((p) => p.birthDate !== undefined || p.name !== undefined)).toBe(false);
    const subjects = resources<ResearchSubject>(bundle, 'ResearchSubject');
    expect(subjects.map((s) => s.status)).toEqual(['on-study', 'off-study']);
  });

  it('gives the birth year only, and only when the export holds the birth date', () => {
    const identified = standardsSnapshot();
    identified.identified = true;
    identified.participants[0]!.identity = {
      familyName: 'Doe',
      givenName: 'Jane',
      birthDate: '1961-07-14',
      hospitalRecordNumber: '123',
      version: 1,
    };
    const patient = resources<Patient>(fhirBundle(identified), 'Patient')[0]!;
    expect(patient.birthDate).toBe('1961');
    expect(JSON.stringify(patient)).not.toMatch(/Doe|Jane|07-14/);
  });

  it('writes an Observation per score, per final finding (with its hand site) and per sodium ROI in UCUM mmol/L', () => {
    const observations = resources<Observation>(bundle, 'Observation');
    const scores = observations.filter((o) => o.code.coding?.[0]?.code?.startsWith('score.'));
    expect(scores).toHaveLength(1);
    expect(scores[0]!.valueQuantity?.value).toBe(3);
    const findings = observations.filter((o) => o.code.coding?.[0]?.code?.startsWith('reading.'));
    expect(findings).toHaveLength(snapshot.readings[0]!.final!.findings.length);
    const synovitis = findings.find(
      (o) =>
        o.code.coding?.[0]?.code === 'reading.synovitis' && o.bodySite?.coding?.[0]?.code === 'site.R.MCP2',
    );
    expect(synovitis?.valueInteger).toBe(2);
    expect(synovitis?.derivedFrom?.[0]?.reference).toMatch(/^urn:uuid:/);
    const [sodium] = observations.filter((o) => o.code.coding?.[0]?.code === 'sodium.concentration');
    expect(sodium?.valueQuantity).toEqual({
      value: 31.25,
      unit: 'mmol/L',
      system: 'http://unitsofmeasure.org',
      code: 'mmol/L',
    });
  });

  it('describes each exam as an ImagingStudy with its DICOM study UID and series', () => {
    const [imaging] = resources<ImagingStudy>(bundle, 'ImagingStudy');
    expect(imaging?.identifier?.[0]).toEqual({ system: 'urn:dicom:uid', value: 'urn:oid:2.25.100' });
    expect(imaging?.series?.map((s) => s.uid)).toEqual(['2.25.100.1', '2.25.100.2']);
    expect(imaging?.numberOfInstances).toBe(32);
  });

  it('its checks catch what the schema does not: a missing status, a dangling reference, a wrong type', () => {
    const broken = structuredClone(bundle);
    const observation = resources<Observation>(broken, 'Observation')[0]!;
    delete (observation as Partial<Observation>).status;
    observation.subject = { reference: 'urn:uuid:00000000-0000-0000-0000-000000000000' };
    expect(fhirSchemaErrors(observation)).toEqual([]);
    const problems = fhirBundleProblems(broken);
    expect(problems.some((p) => p.endsWith('status is required'))).toBe(true);
    expect(problems.some((p) => p.includes('resolves to no entry'))).toBe(true);
    (observation as unknown as { valueInteger: string }).valueInteger = 'two';
    expect(fhirSchemaErrors(observation).length).toBeGreaterThan(0);
  });
});
