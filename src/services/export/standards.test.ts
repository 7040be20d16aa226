import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, FhirResource, Observation } from 'fhir/r4.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCsvObjects } from '../../core/export/csv/parse.ts';
import { fhirBundleProblems } from '../../core/export/fhir/testing.ts';
import { ENROLMENT_FORM_OID } from '../../core/export/odm/enrolment.ts';
import { READING_FORM_OID } from '../../core/export/odm/mri-reading.ts';
import { odmMeaningProblems, odmSchemaErrors, odmSubjectsReadBack } from '../../core/export/odm/testing.ts';
import type { ExportSnapshot } from '../../core/export/snapshot.ts';
import type { Database } from '../../db/connection.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { testActor } from '../../db/testing/fixtures.ts';
import { withTransaction } from '../../db/transaction.ts';
import { FHIR_FILE } from './fhir.ts';
import { ODM_FILE } from './odm.ts';
import { folderOutput } from './output.ts';
import { runExport } from './run.ts';
import { loadExportSnapshot } from './snapshot.ts';
import { openExportTestStudy } from './testing.ts';

/** The FormData of the eCRF instruments: every form but the enrolment and the MRI readings Manus fills itself. */
const instrumentForms = (odm: string) =>
  [...odm.matchAll(/<FormData FormOID="([^"]+)"/g)].filter(
    (m) => m[1] !== ENROLMENT_FORM_OID && m[1] !== READING_FORM_OID,
  );

describeEachEngine('standards exports of a study', (engine) => {
  let db: Database;
  let folder: string;
  let snapshot: ExportSnapshot;
  let odm: string;
  let bundle: Bundle<FhirResource>;
  beforeAll(async () => {
    db = await openExportTestStudy(engine);
    folder = mkdtempSync(join(tmpdir(), 'manus-standards-'));
    for (const format of ['odm', 'fhir', 'csv']) {
      await runExport(db, testActor, { format, identified: false }, folderOutput(folder));
    }
    snapshot = await withTransaction(db, (trx) =>
      loadExportSnapshot(trx, testActor, { identified: false, purpose: 'test' }),
    );
    odm = readFileSync(join(folder, ODM_FILE), 'utf8');
    bundle = JSON.parse(readFileSync(join(folder, FHIR_FILE), 'utf8')) as Bundle<FhirResource>;
  });
  afterAll(async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the ODM file validates against the XSD and its OIDs, values, codes and timestamps hold', () => {
    expect(odmSchemaErrors(odm)).toEqual([]);
    expect(odmMeaningProblems(odm)).toEqual([]);
  });

  it('the ODM file replays the correction with its reason, and carries the signature', () => {
    expect(odm).toMatch(/TransactionType="Update"[^>]*>\s*<AuditRecord[\s\S]*?<ReasonForChange>/);
    expect(odm).toContain('<SignatureRef SignatureOID="SD.');
    expect(odm).not.toContain('birth_date" TransactionType');
  });

  it('the FHIR Bundle validates resource by resource, with required elements and resolvable references', () => {
    expect(fhirBundleProblems(bundle)).toEqual([]);
  });

  it('counts recomputed from the FHIR and ODM exports equal the tidy CSV’s', () => {
    const csv = (name: string) => parseCsvObjects(readFileSync(join(folder, name), 'utf8'));
    // One wide table per instrument (record lists, `__`, are long tables of their own; SPSS copies are in spss/).
    const formTables = readdirSync(join(folder, 'forms'))
      .filter((name) => name.endsWith('.csv') && !name.includes('__'))
      .map((name) => csv(`forms/${name}`));
    const resources = (bundle.entry ?? []).map((e) => e.resource!);
    const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
    const coded = (prefix: string) =>
      observations.filter((o) => o.code.coding?.[0]?.code?.startsWith(prefix));

    const participants = csv('participants.csv').map((r) => r.participant_code);
    expect(resources.filter((r) => r.resourceType === 'Patient').length).toBe(participants.length);
    expect([...odm.matchAll(/<SubjectData SubjectKey="([^"]+)"/g)].map((m) => m[1])).toEqual(participants);

    const forms = formTables.flat();
    expect(instrumentForms(odm)).toHaveLength(forms.length);
    const totals = forms
      .filter((r) => (r.score_total ?? '') !== '')
      .map((r) => Number(r.score_total))
      .sort();
    expect(
      coded('score.')
        .map((o) => o.valueQuantity!.value!)
        .sort(),
    ).toEqual(totals);
    // The ODM replays each total's history: the last transaction of each TOTAL item is the current total.
    const odmTotals = [...odm.matchAll(/<FormData FormOID="F\.([^"]+)"[\s\S]*?<\/FormData>/g)]
      .map((m) =>
        [
          ...m[0].matchAll(
            /<ItemData ItemOID="I\.[^"]+\.TOTAL" TransactionType="(\w+)"(?: Value="([^"]*)")?/g,
          ),
        ].at(-1),
      )
      .filter((last) => last !== undefined && last[1] !== 'Remove')
      .map((last) => Number(last![2]))
      .sort();
    expect(odmTotals).toEqual(totals);

    expect(coded('reading.')).toHaveLength(csv('readings_final.csv').length);
    expect(coded('sodium.')).toHaveLength(csv('sodium.csv').length);

    // The ODM's arms and final findings, read back, are the CSV's rows.
    const subjects = odmSubjectsReadBack(odm);
    expect(subjects.map((s) => [s.code, s.arm])).toEqual(
      csv('participants.csv').map((r) => [r.participant_code, r.arm]),
    );
    const findingRow = (code: string, exam: string, kind: string, site: string, item: string) =>
      [code, exam, kind, site, item].join(' ');
    const odmFindings = subjects.flatMap((s) =>
      s.readings.flatMap((r) =>
        r.findings.map((f) => findingRow(s.code, r.examCode, r.kind, f.site, f.item)),
      ),
    );
    const csvFindings = csv('readings_final.csv').map((r) =>
      findingRow(r.participant_code!, r.exam_code!, r.final_kind!, r.site!, r.item!),
    );
    expect(odmFindings.length).toBeGreaterThan(0);
    expect(odmFindings.sort()).toEqual(csvFindings.sort());
  });

  it('counts recomputed from the FHIR and ODM exports equal the snapshot’s', () => {
    const resources = (bundle.entry ?? []).map((e) => e.resource!);
    const count = (type: string) => resources.filter((r) => r.resourceType === type).length;
    expect(count('Patient')).toBe(snapshot.participants.length);
    expect(count('ResearchSubject')).toBe(snapshot.participants.length);
    expect(count('ImagingStudy')).toBe(snapshot.exams.filter((e) => e.series.length > 0).length);
    const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
    const coded = (prefix: string) =>
      observations.filter((o) => o.code.coding?.[0]?.code?.startsWith(prefix)).length;
    expect(coded('score.')).toBe(snapshot.forms.filter((f) => typeof f.score?.total === 'number').length);
    expect(coded('reading.')).toBe(
      snapshot.readings.reduce((n, r) => n + (r.final?.findings.length ?? 0), 0),
    );
    expect(coded('sodium.')).toBe(snapshot.sodium.length);

    const subjects = [...odm.matchAll(/<SubjectData SubjectKey="([^"]+)"/g)].map((m) => m[1]);
    expect(subjects).toEqual(snapshot.participants.map((p) => p.code));
    expect(instrumentForms(odm)).toHaveLength(snapshot.forms.filter((f) => f.history.length > 0).length);
    const readings = [...odm.matchAll(new RegExp(`<FormData FormOID="${READING_FORM_OID}"`, 'g'))];
    expect(readings).toHaveLength(snapshot.readings.filter((r) => r.final).length);
  });
});
