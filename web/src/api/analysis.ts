/** The outcome analysis as the web app sees it: the result (GET /api/analysis) and the report downloads. */
import { useQuery } from '@tanstack/react-query';
import type { AnalysisResultJson } from '../../../src/core/api/analysis.ts';
import type { AnalysisResult } from '../../../src/core/analysis/types.ts';
import type { Language } from '../i18n/index.ts';
import { api, queryString } from './client.ts';

/** Fields where the JSON form writes an infinite number as "Infinity" (odds ratios and their exact limits). */
const NUMERIC_KEYS = new Set(['estimate', 'ci', 'oddsRatio']);

function revive(value: unknown, numeric: boolean): unknown {
  if (numeric && value === 'Infinity') return Infinity;
  if (numeric && value === '-Infinity') return -Infinity;
  if (Array.isArray(value)) return value.map((item) => revive(item, numeric));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, revive(child, NUMERIC_KEYS.has(key))]),
    );
  }
  return value;
}

/** The JSON form back to the analysis result: "Infinity" in a numeric field is the number again. */
export const fromAnalysisJson = (json: AnalysisResultJson): AnalysisResult =>
  revive(json, false) as AnalysisResult;

export function useAnalysis() {
  return useQuery({
    queryKey: ['analysis'],
    queryFn: async ({ signal }) =>
      fromAnalysisJson(await api.get<AnalysisResultJson>('/api/analysis', { signal })),
    // The analysis reads the whole study: computed once per visit of the page unless asked again.
    staleTime: 5 * 60_000,
  });
}

/** The report download's address (GET /api/analysis/report); the server sends it as an attachment. */
export const reportUrl = (format: 'html' | 'pdf', lang: Language): string =>
  `/api/analysis/report${queryString({ format, lang })}`;
