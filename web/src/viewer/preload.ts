import { openingSeries, seriesUrl, type ViewerSeries } from './series-list.ts';

/**
 * Loading the viewer's pieces before it mounts. Its chunk (Cornerstone3D, several MB) and the metadata of the series
 * it opens on are fetched while the page still waits for its own data, rather than one after the other once the
 * chunk has arrived and Cornerstone is set up: on opening an exam, these were the first image's longest waits.
 */

/** The viewer's chunk: fetched and evaluated once, by whichever caller asks first. */
export const loadImageViewer = () => import('./ImageViewer.tsx');

/** Starts fetching the viewer's chunk. One that fails to load is reported by the viewer, which asks again. */
export function prefetchViewerChunk(): void {
  loadImageViewer().catch(() => undefined);
}

export type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

/** A series' metadata (WADO-RS JSON, same origin: the session cookie goes with it). */
async function fetchMetadata(url: string, signal?: AbortSignal): Promise<DicomJson[]> {
  const response = await fetch(url, { signal, headers: { accept: 'application/dicom+json' } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return (await response.json()) as DicomJson[];
}

/** Metadata fetched ahead, by URL, until the viewer takes it or the page that asked for it goes. */
const prefetched = new Map<string, Promise<DicomJson[]>>();

/**
 * Starts loading the viewer's chunk and the metadata of the series it will open on. Returns what forgets the
 * metadata not taken by then (an effect's clean-up): a series may gain images later, so none is kept for long.
 */
export function preloadViewer(dicomwebBase: string, series: readonly ViewerSeries[]): () => void {
  prefetchViewerChunk();
  const { main, second } = openingSeries(series);
  const started = new Map<string, Promise<DicomJson[]>>();
  for (const s of [main, second]) {
    const url = s && `${seriesUrl(dicomwebBase, s)}/metadata`;
    if (!url || prefetched.has(url)) continue;
    const metadata = fetchMetadata(url);
    // A failed fetch is reported when the viewer takes it, not as an unhandled rejection meanwhile.
    metadata.catch(() => undefined);
    prefetched.set(url, metadata);
    started.set(url, metadata);
  }
  return () => {
    for (const [url, metadata] of started) if (prefetched.get(url) === metadata) prefetched.delete(url);
  };
}

/** A series' metadata: the copy fetched ahead (handed out once), or a fresh fetch. */
export function seriesMetadata(url: string, signal: AbortSignal): Promise<DicomJson[]> {
  const ahead = prefetched.get(url);
  prefetched.delete(url);
  return ahead ?? fetchMetadata(url, signal);
}
