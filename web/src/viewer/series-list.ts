/**
 * The series the viewer is given, and which of them it opens on. Free of Cornerstone, so that pages can start
 * loading those series before the viewer's chunk has arrived.
 */

/** A series the viewer can show: where it lives in DICOMweb, and what the switcher says about it. */
export interface ViewerSeries {
  studyUid: string;
  seriesUid: string;
  description: string;
  /** ResonantNucleus as recorded: 1H, 23NA… */
  nucleus: string | null;
  /** Images in the series (frames of every instance). */
  frames: number;
}

export const isSodium = (s: ViewerSeries): boolean => s.nucleus?.toUpperCase() === '23NA';

/** The first series that is not 23Na in the main viewport, with the first 23Na series beside it. */
export function openingSeries(series: readonly ViewerSeries[]): {
  main: ViewerSeries | undefined;
  second: ViewerSeries | null;
} {
  const main = series.find((s) => !isSodium(s)) ?? series[0];
  const second = main && !isSodium(main) ? (series.find(isSodium) ?? null) : null;
  return { main, second };
}

/** Where a series lives under a DICOMweb root (WADO-RS). */
export const seriesUrl = (dicomwebBase: string, s: ViewerSeries): string =>
  `${dicomwebBase}/studies/${s.studyUid}/series/${s.seriesUid}`;
