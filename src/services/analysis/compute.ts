/**
 * The outcome analysis of a snapshot read from the database: its input built, hashed and analysed. Pure apart from
 * the hash (node:crypto), so that the server runs it on a worker thread (worker.ts) and the CLI in its own process.
 */
import { analyze } from '../../core/analysis/analyze.ts';
import type { AnalysisEnvironment, AnalysisOptions } from '../../core/analysis/input.ts';
import { snapshotSha256 } from '../../core/analysis/snapshot-hash.ts';
import type { AnalysisResult } from '../../core/analysis/types.ts';
import { analysisInputOf } from './input-of-rows.ts';
import type { AnalysisSnapshot } from './load.ts';

export function computeAnalysis(
  snapshot: AnalysisSnapshot,
  options: AnalysisOptions,
  /** Passed in rather than read here: the worker's bundle does not sit where the package's version file is found. */
  run: Omit<AnalysisEnvironment, 'snapshotSha256'>,
): AnalysisResult {
  const input = analysisInputOf(snapshot);
  return analyze(input, { ...run, snapshotSha256: snapshotSha256(input) }, options);
}
