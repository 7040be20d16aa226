/** The outcome analysis of the study in a database, on the calling thread (the server uses pool.ts instead). */
import { DEFAULT_OPTIONS } from '../../core/analysis/analyze.ts';
import type { AnalysisOptions } from '../../core/analysis/input.ts';
import type { AnalysisResult } from '../../core/analysis/types.ts';
import type { Database } from '../../db/connection.ts';
import { computeAnalysis } from './compute.ts';
import { loadAnalysisSnapshot } from './load.ts';
import { MANUS_VERSION } from '../../version.ts';

export async function analyzeStudy(
  db: Database,
  options: AnalysisOptions = DEFAULT_OPTIONS,
  now: Date = new Date(),
): Promise<AnalysisResult> {
  return computeAnalysis(await loadAnalysisSnapshot(db), options, {
    softwareVersion: MANUS_VERSION,
    generatedAt: now.toISOString(),
  });
}
