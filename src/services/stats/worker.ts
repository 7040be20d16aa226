import type { MessagePort } from 'node:worker_threads';
import { ManusError, type ErrorKind, type FieldIssue } from '../../core/errors.ts';
import type { JsonObject } from '../../core/stats/json.ts';
import { isStatsTestName, runStatsTest } from '../../core/stats/registry.ts';

export interface StatsTask {
  test: string;
  input: unknown;
  /** Told when the test starts, so that its time limit counts the computation, not the wait for a thread. */
  started: MessagePort;
}

/**
 * A refusal crosses back as data: an Error loses its class and fields on its way between threads. Anything else
 * thrown is a defect and is rethrown as it is.
 */
export type StatsOutcome =
  { ok: true; value: JsonObject } | { ok: false; kind: ErrorKind; message: string; fields: FieldIssue[] };

/** Runs one statistical test on a worker thread of the statistics pool (see pool.ts). */
export default function runStatsTask({ test, input, started }: StatsTask): StatsOutcome {
  started.postMessage(null);
  started.close();
  if (!isStatsTestName(test)) throw new Error(`Unknown statistical test ${test}`);
  try {
    return { ok: true, value: runStatsTest(test, input) };
  } catch (error) {
    if (error instanceof ManusError)
      return { ok: false, kind: error.kind, message: error.message, fields: [...error.fields] };
    throw error;
  }
}
