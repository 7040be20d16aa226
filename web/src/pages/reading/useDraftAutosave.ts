import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { taskUrl, type ReadingTaskView } from '../../api/reading.ts';
import { draftPatch, isEmptyPatch } from '../../../../src/core/reading/draft-patch.ts';
import type { Reading } from '../../../../src/core/reading/findings.ts';

/** Quiet time after the last change before the draft is sent. */
const DEBOUNCE_MS = 700;

export type SaveState = 'saved' | 'pending' | 'saving' | 'conflict' | 'error';

/**
 * Autosaves a reading draft: changes are sent after a pause, one request at a time, each with the version the last
 * save returned. Only what changed since the last save is sent (PATCH …/draft, src/core/reading/draft-patch.ts): a
 * few bytes for the one field a reader usually changes, not the whole form. A 409 (the task changed elsewhere:
 * unlocked, reassigned, saved from another tab) is reported to `onConflict`, which reloads the task; nothing is
 * retried over it. `flush` sends what is pending and resolves with the version to submit against.
 */
export function useDraftAutosave(options: {
  taskId: string;
  version: number;
  /** The draft as stored when the task was opened. */
  saved: Reading;
  onSaved: (task: { version: number; status: ReadingTaskView['status'] }) => void;
  onConflict: () => void;
}) {
  const { taskId } = options;
  // The latest callbacks, so that `flush` keeps one identity and the unmount flush runs only on unmount.
  const callbacks = useRef(options);
  useLayoutEffect(() => {
    callbacks.current = options;
  });
  const version = useRef(options.version);
  const saved = useRef(options.saved);
  const latest = useRef<Reading | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const sendLatest = useCallback(async () => {
    const body = latest.current;
    if (!body) return;
    latest.current = null;
    const patch = draftPatch(saved.current, body);
    if (isEmptyPatch(patch)) {
      setState('saved');
      return;
    }
    setState('saving');
    try {
      const task = await api.patch<{ version: number; status: ReadingTaskView['status'] }>(
        `${taskUrl(taskId)}/draft`,
        { version: version.current, ...patch },
      );
      version.current = task.version;
      saved.current = body;
      callbacks.current.onSaved(task);
      setError(null);
      if (!latest.current) {
        setState('saved');
        setSavedAt(new Date().toISOString());
      }
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 409) {
        setState('conflict');
        callbacks.current.onConflict();
        return;
      }
      latest.current ??= body;
      setError(cause);
      setState('error');
    }
  }, [taskId]);

  const flush = useCallback((): Promise<number> => {
    clearTimeout(timer.current);
    queue.current = queue.current.then(sendLatest);
    return queue.current.then(() => version.current);
  }, [sendLatest]);

  const schedule = useCallback(
    (body: Reading) => {
      latest.current = body;
      setState('pending');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
    },
    [flush],
  );

  // Leaving the page sends what is still pending rather than dropping it.
  useEffect(() => () => void flush(), [flush]);

  return { state, savedAt, error, schedule, flush, hasUnsaved: () => latest.current !== null };
}
