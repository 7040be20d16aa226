import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bundle, FhirResource, Observation, ResearchSubject } from 'fhir/r4.js';
import { PRIMARY_ABNORMALITIES, type PrimaryAbnormality } from '../../core/analysis/types.ts';
import { parseCsvObjects } from '../../core/export/csv/parse.ts';
import { odmMeaningProblems, odmSchemaErrors, odmSubjectsReadBack } from '../../core/export/odm/testing.ts';
import { indexFindings, findingKey } from '../../core/reading/findings.ts';
import { isItemId, readingItem } from '../../core/reading/items.ts';
import { isAbnormal } from '../../core/reading/scale.ts';
import type { Arm } from '../../core/study/protocol.ts';
import { verifyAuditChain } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { listExamSeries } from '../../db/repositories/imaging/series.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { testActor } from '../../db/testing/fixtures.ts';
import { analyzeStudy } from '../analysis/run.ts';
import { FHIR_FILE } from '../export/fhir.ts';
import { ODM_FILE } from '../export/odm.ts';
import { folderOutput } from '../export/output.ts';
import { runExport } from '../export/run.ts';
import { exportReadings } from '../reading/export.ts';
import { examsOverview } from '../reading/views.ts';
import { lesionFindings } from './lesions.ts';
import { demoExamLesions, seedDemoStudy } from './seed.ts';

/** Tiny images: the test checks what the demo holds, not the pixels, and seeds once per engine. */
const TEST_SIZES = {
  proton: { columns: 32, rows: 28, slices: 4 },
  sodium: { columns: 8, rows: 8, slices: 4 },
};

describeEachEngine('demo images and readings', (engine) => {
  let db: Database;
  let dataDir: string;
  let arms: Map<string, Arm>;
  beforeAll(async () => {
    db = await engine.open();
    dataDir = mkdtempSync(join(tmpdir(), 'manus-demo-images-'));
    await seedDemoStudy(db, { dataDir, imageSizes: TEST_SIZES });
    arms = new Map(
      (await db.kysely.selectFrom('participant').select(['code', 'arm']).execute()).map((p) => [
        p.code,
        p.arm as Arm,
      ]),
    );
  }, 300_000);
  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has three active demo radiologists', async () => {
    const rows = await db.kysely
      .selectFrom('app_user')
      .select('username')
      .where('role', '=', 'radiologist')
      .where('active', '=', 1)
      .execute();
    expect(rows.map((r) => r.username).sort()).toEqual(['radiologist', 'radiologist2', 'radiologist3']);
  });

  it('has reading tasks and exam readings in every state, some due within 48 h and some overdue', async () => {
    const tasks = await db.kysely.selectFrom('reading_task').select(['kind', 'status']).execute();
    const taskStates = new Set(tasks.map((t) => `${t.kind}:${t.status}`));
    for (const state of [
      'read:assigned',
      'read:in_progress',
      'read:submitted',
      'adjudication:assigned',
      'adjudication:submitted',
    ])
      expect(taskStates).toContain(state);
    const readings = await db.kysely.selectFrom('exam_reading').select(['status', 'final_kind']).execute();
    expect(new Set(readings.map((r) => r.status))).toEqual(
      new Set(['awaiting_reads', 'adjudication_needed', 'final']),
    );
    expect(new Set(readings.map((r) => r.final_kind))).toEqual(new Set([null, 'agreed', 'consensus']));
    // The transient states were passed through, as the audit trail shows.
    const transitions = await db.kysely
      .selectFrom('audit_event')
      .select('after_json')
      .where('entity_type', '=', 'exam_reading')
      .execute();
    for (const status of ['agreed', 'adjudicated'])
      expect(transitions.some((t) => t.after_json?.includes(`"status":"${status}"`))).toBe(true);
    const { summary, items } = await examsOverview(db);
    expect(summary.dueWithin48h).toBeGreaterThan(0);
    expect(summary.overdue).toBeGreaterThan(0);
    expect(items.some((i) => i.status === 'unassigned')).toBe(true);
    expect(summary.final / items.length).toBeGreaterThan(0.5);
    expect((await verifyAuditChain(db.kysely)).valid).toBe(true);
  });

  it("records the radiologists' work days after each MRI: most readings final within the 7 days, a few late", async () => {
    const { items } = await examsOverview(db);
    const hours = items.flatMap((i) => (i.hoursToFinal === null ? [] : [i.hoursToFinal]));
    expect(hours.length).toBeGreaterThan(20);
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(24);
    const late = hours.filter((h) => h > 7 * 24);
    expect(late.length).toBeGreaterThanOrEqual(2);
    expect(late.length / hours.length).toBeLessThan(0.2);
    expect(Math.max(...hours)).toBeLessThan(11 * 24);
  });

  it('stores the three series of every acquired exam', async () => {
    const exams = await db.kysely
      .selectFrom('mri_exam')
      .select('id')
      .where('acquired_at', 'is not', null)
      .execute();
    expect(exams.length).toBeGreaterThan(30);
    for (const exam of exams) {
      const series = await listExamSeries(db.kysely, exam.id);
      expect(series.map((s) => s.nucleus).sort()).toEqual(['1H', '1H', '23NA']);
    }
  });

  it('exports exactly one final reading per final exam, matching the lesions drawn in its images', async () => {
    const exported = await exportReadings(db);
    const finalExams = await db.kysely
      .selectFrom('exam_reading')
      .innerJoin('mri_exam', 'mri_exam.id', 'exam_reading.exam_id')
      .select('mri_exam.exam_code')
      .where('exam_reading.status', '=', 'final')
      .execute();
    const finals = exported.filter((r) => r.final);
    expect(finals.map((r) => r.examCode).sort()).toEqual(finalExams.map((e) => e.exam_code).sort());
    let lesionsSeen = 0;
    for (const record of finals) {
      const drawn = lesionFindings(demoExamLesions(arms.get(record.participant)!, record.participant));
      const recorded = record.findings.filter((f) => isAbnormal(readingItem(f.item), f.value));
      const index = indexFindings(record.findings);
      // Every lesion drawn is in the final reading with its grade, and nothing else is abnormal.
      for (const f of drawn) expect(index.get(findingKey(f.site, f.item))?.value).toEqual(f.value);
      expect(recorded.filter((f) => f.item !== 'artery_reach' && f.item !== 'image_quality')).toHaveLength(
        drawn.filter((f) => f.item !== 'artery_reach').length,
      );
      lesionsSeen += drawn.length;
    }
    expect(lesionsSeen).toBeGreaterThan(20);
  });

  it('shows lesions more often in SSc than in controls', async () => {
    const share = (arm: Arm, item: string) => {
      const codes = [...arms].filter(([, a]) => a === arm).map(([code]) => code);
      return (
        codes.filter((code) => demoExamLesions(arm, code).some((l) => l.item === item)).length / codes.length
      );
    };
    for (const item of ['erosion', 'synovitis', 'artery_occlusion'])
      expect(share('ssc', item)).toBeGreaterThan(share('control', item));
  });

  /**
   * Section 7 of the exports issue: the primary counts (analysed participants with at least one lesion anywhere, per
   * abnormality and arm) recomputed from the tidy CSV equal the analysis's, and recomputed from the FHIR Bundle and
   * from the ODM file equal the CSV's. Neither has an analysis set: their counts take the analysed participants from
   * analysis_set.csv and everything else (arm, findings, lesion grades) from the Bundle or the ODM file.
   */
  it('gives the same primary counts from the CSV export as the analysis, and from the FHIR and ODM exports as the CSV', async () => {
    type Counts = Record<PrimaryAbnormality, Record<Arm, number>> & { analysed: Record<Arm, number> };
    const count = (analysedArm: ReadonlyMap<string, Arm>, lesions: readonly [string, string][]): Counts => {
      const counts = { analysed: { ssc: 0, control: 0 } } as Counts;
      for (const arm of analysedArm.values()) counts.analysed[arm] += 1;
      for (const abnormality of PRIMARY_ABNORMALITIES) {
        const codes = new Set(lesions.filter(([, item]) => item === abnormality).map(([code]) => code));
        counts[abnormality] = { ssc: 0, control: 0 };
        for (const code of codes) {
          const arm = analysedArm.get(code);
          if (arm) counts[abnormality][arm] += 1;
        }
      }
      return counts;
    };
    const folder = mkdtempSync(join(tmpdir(), 'manus-demo-exports-'));
    try {
      const result = await analyzeStudy(db);
      const fromAnalysis = { analysed: result.provenance.counts.analysed } as Counts;
      for (const row of result.primary.filter((r) => r.site === 'any'))
        fromAnalysis[row.abnormality] = { ssc: row.ssc.n, control: row.control.n };

      await runExport(db, testActor, { format: 'csv', identified: false }, folderOutput(folder));
      await runExport(db, testActor, { format: 'fhir', identified: false }, folderOutput(folder));
      await runExport(db, testActor, { format: 'odm', identified: false }, folderOutput(folder));
      const csv = (name: string) => parseCsvObjects(readFileSync(join(folder, `${name}.csv`), 'utf8'));
      const analysedSet = csv('analysis_set').filter((r) => r.analysed === '1');
      const fromCsv = count(
        new Map(analysedSet.map((r) => [r.participant_code!, r.arm as Arm])),
        csv('readings_final')
          .filter((r) => r.lesion === '1')
          .map((r) => [r.participant_code!, r.item!]),
      );
      expect(fromCsv.analysed.ssc + fromCsv.analysed.control).toBeGreaterThan(20);
      expect(fromCsv.erosion.ssc).toBeGreaterThan(0);
      expect(fromCsv).toEqual(fromAnalysis);

      const bundle = JSON.parse(readFileSync(join(folder, FHIR_FILE), 'utf8')) as Bundle<FhirResource>;
      const resources = (bundle.entry ?? []).map((e) => ({ url: e.fullUrl!, resource: e.resource! }));
      const codeOf = new Map(
        resources.flatMap(({ url, resource }) =>
          resource.resourceType === 'Patient' ? [[url, resource.identifier![0]!.value!] as const] : [],
        ),
      );
      const armOf = new Map(
        resources.flatMap(({ resource }) =>
          resource.resourceType === 'ResearchSubject'
            ? [
                [
                  codeOf.get((resource as ResearchSubject).individual.reference!)!,
                  (resource as ResearchSubject).assignedArm as Arm,
                ] as const,
              ]
            : [],
        ),
      );
      const lesions = resources.flatMap(({ resource }): [string, string][] => {
        if (resource.resourceType !== 'Observation') return [];
        const observation = resource as Observation;
        const item = observation.code.coding?.[0]?.code?.match(/^reading\.([a-z_]+)$/)?.[1];
        if (!item || !isItemId(item)) return [];
        const value = observation.valueInteger ?? observation.valueBoolean;
        if (value === undefined || !isAbnormal(readingItem(item), value)) return [];
        return [[codeOf.get(observation.subject!.reference!)!, item]];
      });
      const analysedCodes = new Set(analysedSet.map((r) => r.participant_code!));
      const fromFhir = count(new Map([...armOf].filter(([code]) => analysedCodes.has(code))), lesions);
      expect(fromFhir).toEqual(fromCsv);

      const odm = readFileSync(join(folder, ODM_FILE), 'utf8');
      expect(odmSchemaErrors(odm)).toEqual([]);
      expect(odmMeaningProblems(odm)).toEqual([]);
      const subjects = odmSubjectsReadBack(odm);
      const fromOdm = count(
        new Map(
          subjects.flatMap((s) => (analysedCodes.has(s.code) && s.arm ? [[s.code, s.arm] as const] : [])),
        ),
        subjects.flatMap((s) =>
          s.readings.flatMap((r) =>
            r.findings
              .filter((f) => isAbnormal(readingItem(f.item), f.value))
              .map((f): [string, string] => [s.code, f.item]),
          ),
        ),
      );
      expect(fromOdm).toEqual(fromCsv);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
