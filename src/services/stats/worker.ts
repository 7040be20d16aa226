import type { JsonObject } from '../../core/stats/json.ts';
import { isStatsTestName, runStatsTest } from '../../core/stats/registry.ts';
import { runTimedTask, type TimedTask, type WorkerOutcome } from '../workers/task.ts';

export interface StatsTask extends TimedTask {
  test: string;
  input: unknown;
}

/** Runs one statistical test on a worker thread of the statistics pool (see pool.ts). */
export default function runStatsTask({
  test,
  input,
  channel,
}: StatsTask): Promise<WorkerOutcome<JsonObject>> {
  return runTimedTask(channel, () => {
    if (!isStatsTestName(test)) throw new Error(`Unknown statistical test ${test}`);
    return runStatsTest(test, input);
  });
}
