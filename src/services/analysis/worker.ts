import type { AnalysisEnvironment, AnalysisOptions } from '../../core/analysis/input.ts';
import type { AnalysisResult } from '../../core/analysis/types.ts';
import { computeAnalysis } from './compute.ts';
import type { AnalysisSnapshot } from './load.ts';

export interface AnalysisTask {
  snapshot: AnalysisSnapshot;
  options: AnalysisOptions;
  run: Omit<AnalysisEnvironment, 'snapshotSha256'>;
}

/** Runs the outcome analysis of a snapshot on the analysis worker thread (see pool.ts). */
export default function runAnalysisTask({ snapshot, options, run }: AnalysisTask): AnalysisResult {
  return computeAnalysis(snapshot, options, run);
}
