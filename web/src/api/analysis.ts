/** The outcome analysis as the web app sees it: the result (GET /api/analysis) and the report downloads. */
import { useQuery } from '@tanstack/react-query';
import type { AnalysisResult } from '../../../src/core/analysis/types.ts';
import type { Language } from '../i18n/index.ts';
import { api, queryString } from './client.ts';

export function useAnalysis() {
  return useQuery({
    queryKey: ['analysis'],
    queryFn: ({ signal }) => api.get<AnalysisResult>('/api/analysis', { signal }),
    // The analysis reads the whole study: computed once per visit of the page unless asked again.
    staleTime: 5 * 60_000,
  });
}

/** The report download's address (GET /api/analysis/report); the server sends it as an attachment. */
export const reportUrl = (format: 'html' | 'pdf', lang: Language): string =>
  `/api/analysis/report${queryString({ format, lang })}`;
