import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, FhirResource, Observation } from 'fhir/r4.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fhirBundleProblems } from '../../core/export/fhir/testing.ts';
import { odmMeaningProblems, odmSchemaErrors } from '../../core/export/odm/testing.ts';
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

describeEachEngine('standards exports of a study', (engine) => {
  let db: Database;
  let folder: string;
  let snapshot: ExportSnapshot;
  let odm: string;
  let bundle: Bundle<FhirResource>;
  beforeAll(async () => {
    db = await openExportTestStudy(engine);
    folder = mkdtempSync(join(tmpdir(), 'manus-standards-'));
    for (const format of ['odm', 'fhir']) {
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
    const forms = [...odm.matchAll(/<FormData FormOID="F\.([^"]+)"/g)].length;
    expect(forms).toBe(snapshot.forms.filter((f) => f.history.length > 0).length);
  });
});
