import { afterAll, beforeAll, expect, it } from 'vitest';
import { pooledId } from '../../core/anatomy/hand.ts';
import { PRIMARY_ABNORMALITIES, type AnalysisResult } from '../../core/analysis/types.ts';
import { missingFindings, validateFindings, type Finding } from '../../core/reading/findings.ts';
import { fisherExact } from '../../core/stats/fisher.ts';
import { listAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { generateCohort } from '../demo/cohort.ts';
import { analyzeStudy } from './run.ts';

/**
 * The analysis of a generated synthetic cohort, loaded from the database: every primary count equals the count
 * taken straight from the stored final readings, and every p-value is Fisher's exact test on those counts.
 */
describeEachEngine('analysis of a stored cohort', (engine) => {
  let db: Database;
  let result: AnalysisResult;
  /** Per participant code: arm, whether analysed, and the final findings as stored. */
  let stored: { code: string; arm: string; findings: Finding[] | null }[];

  beforeAll(async () => {
    db = await engine.open();
    await generateCohort(db, { participants: 80, seed: 7 });
    result = await analyzeStudy(db);
    const rows = await db.kysely
      .selectFrom('participant')
      .leftJoin('mri_exam', 'mri_exam.participant_id', 'participant.id')
      .leftJoin('exam_reading', 'exam_reading.exam_id', 'mri_exam.id')
      .select([
        'participant.code',
        'participant.arm',
        'participant.status',
        'exam_reading.final_findings_json',
      ])
      .orderBy('participant.code')
      .execute();
    stored = rows.map((r) => ({
      code: r.code,
      arm: r.arm,
      findings:
        r.status === 'completed' && r.final_findings_json
          ? (JSON.parse(r.final_findings_json) as Finding[])
          : null,
    }));
  });
  afterAll(() => db.close());

  it('records the generation as one audited, synthetic event', async () => {
    const events = await listAudit(db.kysely, { action: 'cohort.generate' });
    expect(events).toHaveLength(1);
    expect(events[0]!.after).toMatchObject({ synthetic: true, participants: 80 });
    expect(result.provenance.synthetic).toBe(true);
  });

  it('stores final readings a reader could have submitted: every finding valid, none missing', () => {
    const readings = stored.filter((s) => s.findings);
    expect(readings.length).toBeGreaterThan(40);
    for (const { code, findings } of readings) {
      const reading = { findings: findings!, comments: '' };
      expect({ code, issues: validateFindings(reading) }).toEqual({ code, issues: [] });
      expect({ code, missing: missingFindings(reading, { hands: 'both', seriesUids: [] }) }).toEqual({
        code,
        missing: [],
      });
    }
  });

  it('analyses the completed participants with a final reading and names the reason for everyone else', () => {
    const analysed = new Set(stored.filter((s) => s.findings).map((s) => s.code));
    expect(new Set(result.participants.filter((p) => p.analysed).map((p) => p.code))).toEqual(analysed);
    expect(result.participants.filter((p) => !p.analysed).every((p) => p.reason !== null)).toBe(true);
  });

  it('counts, for every row of the primary table, the participants the stored final readings show', () => {
    const analysed = stored.filter((s) => s.findings);
    const lesionSites = (s: (typeof analysed)[number], abnormality: string) =>
      s
        .findings!.filter((f) => f.item === abnormality && typeof f.value === 'number' && f.value >= 1)
        .map((f) => f.site);
    for (const row of result.primary) {
      for (const arm of ['ssc', 'control'] as const) {
        const inArm = analysed.filter((s) => s.arm === arm);
        const hit = inArm.filter((s) => {
          const sites = lesionSites(s, row.abnormality);
          if (row.level === 'any') return sites.length > 0;
          if (row.level === 'site') return sites.includes(row.site);
          return sites.some((site) => pooledId(site) === row.site);
        }).length;
        expect({ row: `${row.abnormality} ${row.site}`, arm, n: row[arm].n, N: row[arm].N }).toEqual({
          row: `${row.abnormality} ${row.site}`,
          arm,
          n: hit,
          N: inArm.length,
        });
      }
      const p = fisherExact({
        table: [
          [row.ssc.n, row.ssc.N - row.ssc.n],
          [row.control.n, row.control.N - row.control.n],
        ],
        level: 0.95,
      }).pValue;
      expect(row.pValue).toBeCloseTo(p, 12);
    }
    expect(result.primary.filter((r) => r.level === 'any').map((r) => r.abnormality)).toEqual([
      ...PRIMARY_ABNORMALITIES,
    ]);
  });

  it('describes each arm in Table 1 and compares sodium between arms', () => {
    const age = result.baseline.find((r) => r.variable === 'age');
    expect(age?.type === 'continuous' && age.ssc.n + age.control.n).toBe(
      result.provenance.counts.analysed.ssc + result.provenance.counts.analysed.control,
    );
    const sodium = result.secondary.sodium.find((r) => r.joint === 'all')!;
    expect(sodium.ssc.n).toBe(result.provenance.counts.analysed.ssc);
    expect(sodium.welch?.pValue).toBeGreaterThanOrEqual(0);
  });
});
