/** The outcome analysis of the study in a database: load, hash the snapshot, analyze. */
import { analyze, DEFAULT_OPTIONS } from '../../core/analysis/analyze.ts';
import type { AnalysisOptions } from '../../core/analysis/input.ts';
import { snapshotSha256 } from '../../core/analysis/snapshot-hash.ts';
import type { AnalysisResult } from '../../core/analysis/types.ts';
import type { Database } from '../../db/connection.ts';
import { MANUS_VERSION } from '../../version.ts';
import { loadAnalysisInput } from './load.ts';

export async function analyzeStudy(
  db: Database,
  options: AnalysisOptions = DEFAULT_OPTIONS,
  now: Date = new Date(),
): Promise<AnalysisResult> {
  const input = await loadAnalysisInput(db);
  return analyze(
    input,
    { snapshotSha256: snapshotSha256(input), softwareVersion: MANUS_VERSION, generatedAt: now.toISOString() },
    options,
  );
}
