import type { MessagePort } from 'node:worker_threads';
import { ManusError, type ErrorKind, type FieldIssue } from '../../core/errors.ts';

/**
 * The worker's side of a task of a `TimedWorkerPool` (see timed-pool.ts). Kept apart from the pool so that a worker's
 * bundle does not take in the pool and Piscina.
 */
export interface TimedTask {
  /**
   * Told when the task starts, so that its time limit counts the work, not the wait for a thread; then carries the
   * task's notes (progress) to the caller while it runs.
   */
  channel: MessagePort;
}

/** What the worker posts on the task's channel. */
export type TaskMessage<Note> = { started: true } | { note: Note };

/**
 * A refusal crosses back as data: an Error loses its class and fields on its way between threads. Anything else
 * thrown is a defect and is rethrown as it is.
 */
export type WorkerOutcome<Value> =
  { ok: true; value: Value } | { ok: false; kind: ErrorKind; message: string; fields: FieldIssue[] };

/**
 * Runs a task's work on its worker thread: says that it started, lets the work post notes, and gives back its
 * result or the ManusError that refused its input.
 */
export async function runTimedTask<Value, Note = never>(
  channel: MessagePort,
  work: (note: (note: Note) => void) => Value | Promise<Value>,
): Promise<WorkerOutcome<Value>> {
  const post = (message: TaskMessage<Note>) => channel.postMessage(message);
  post({ started: true });
  try {
    return { ok: true, value: await work((note) => post({ note })) };
  } catch (error) {
    if (error instanceof ManusError)
      return { ok: false, kind: error.kind, message: error.message, fields: [...error.fields] };
    throw error;
  } finally {
    channel.close();
  }
}
