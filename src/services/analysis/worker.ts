import type { AnalysisEnvironment, AnalysisOptions } from '../../core/analysis/input.ts';
import type { AnalysisResult } from '../../core/analysis/types.ts';
import { runTimedTask, type TimedTask, type WorkerOutcome } from '../workers/task.ts';
import { computeAnalysis } from './compute.ts';
import type { AnalysisSnapshot } from './load.ts';

export interface AnalysisTask extends TimedTask {
  snapshot: AnalysisSnapshot;
  options: AnalysisOptions;
  run: Omit<AnalysisEnvironment, 'snapshotSha256'>;
}

/** Runs the outcome analysis of a snapshot on the analysis worker thread (see pool.ts). */
export default function runAnalysisTask({
  channel,
  snapshot,
  options,
  run,
}: AnalysisTask): Promise<WorkerOutcome<AnalysisResult>> {
  return runTimedTask(channel, () => computeAnalysis(snapshot, options, run));
}
