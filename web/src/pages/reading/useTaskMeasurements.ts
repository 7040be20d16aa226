import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { readingKeys, taskUrl, type StoredMeasurement } from '../../api/reading.ts';
import type { Measurement } from '../../viewer/ImageViewer.tsx';

const SYNC_DELAY_MS = 500;

/** The stored form of what the viewer reports: its numbers (units and other text are the viewer's to show). */
const toBody = (m: Measurement) => ({
  tool: m.tool,
  seriesUid: m.seriesUid,
  sopInstanceUid: m.sopInstanceUid,
  frame: m.frame,
  points: m.points,
  stats: Object.fromEntries(
    Object.entries(m.stats).filter((e): e is [string, number] => typeof e[1] === 'number'),
  ),
  label: '',
});

/** A stored measurement as the viewer restores it: its id is the annotation UID. */
const toViewer = (m: StoredMeasurement): Measurement => ({
  uid: m.id,
  tool: m.tool,
  seriesUid: m.seriesUid,
  sopInstanceUid: m.sopInstanceUid,
  frame: m.frame,
  points: m.points,
  stats: Object.fromEntries(Object.entries(m.stats).filter((e): e is [string, number] => e[1] !== null)),
});

/**
 * A task's measurements, saved to Manus as the reader draws them and restored when the task reopens. The viewer
 * names a measurement by its annotation UID: restored ones get the stored id as UID; new ones are mapped to the id
 * the server gives them. Changes are sent after a pause, one at a time; a removed measurement is deactivated.
 */
export function useTaskMeasurements(taskId: string, editable: boolean) {
  const url = `${taskUrl(taskId)}/measurements`;
  const stored = useQuery({
    queryKey: [...readingKeys.task(taskId), 'measurements'],
    queryFn: ({ signal }) => api.get<{ items: StoredMeasurement[] }>(url, { signal }),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
  /** Viewer UID → the stored measurement and the body last saved. */
  const saved = useRef<Map<string, { id: string; version: number; body: string }> | null>(null);
  const pending = useRef<Measurement[] | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  const initial = useMemo(() => stored.data?.items.map(toViewer), [stored.data]);
  useEffect(() => {
    if (!stored.data || saved.current) return;
    saved.current = new Map(
      stored.data.items.map((m) => [
        m.id,
        { id: m.id, version: m.version, body: JSON.stringify(toBody(toViewer(m))) },
      ]),
    );
  }, [stored.data]);

  const sync = useCallback(async () => {
    const list = pending.current;
    const known = saved.current;
    if (!list || !known) return;
    pending.current = null;
    try {
      const present = new Set(list.map((m) => m.uid));
      for (const [uid, entry] of [...known]) {
        if (present.has(uid)) continue;
        await api.delete(`${url}/${entry.id}?version=${entry.version}`);
        known.delete(uid);
      }
      for (const m of list) {
        const body = toBody(m);
        const text = JSON.stringify(body);
        const entry = known.get(m.uid);
        if (entry?.body === text) continue;
        const result = entry
          ? await api.put<StoredMeasurement>(`${url}/${entry.id}`, { ...body, version: entry.version })
          : await api.post<StoredMeasurement>(url, body);
        known.set(m.uid, { id: result.id, version: result.version, body: text });
      }
      setError(null);
    } catch (cause) {
      setError(cause);
    }
  }, [url]);

  const onChange = useCallback(
    (list: Measurement[]) => {
      if (!editable) return;
      pending.current = list;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        queue.current = queue.current.then(sync);
      }, SYNC_DELAY_MS);
    },
    [editable, sync],
  );

  return { initial, loadError: stored.error, error, onChange };
}
