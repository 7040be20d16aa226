import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { InboxStudy, SeriesSummary } from '../../../src/core/imaging/records.ts';
import type { Id } from './types.ts';

export type {
  ImportSummary,
  InboxStudy,
  OriginalEntry,
  SeriesSummary,
  StudyAssignment,
} from '../../../src/core/imaging/records.ts';

export const imagingKeys = {
  examSeries: (examId: Id) => ['imaging', 'exam-series', String(examId)] as const,
  inbox: ['imaging', 'inbox'] as const,
  originals: (page: number) => ['imaging', 'originals', page] as const,
};

export function useInbox() {
  return useQuery({
    queryKey: imagingKeys.inbox,
    queryFn: ({ signal }) => api.get<{ items: InboxStudy[] }>('/api/imaging/inbox', { signal }),
  });
}

export function useExamSeries(examId: Id) {
  return useQuery({
    queryKey: imagingKeys.examSeries(examId),
    queryFn: ({ signal }) =>
      api.get<{ items: SeriesSummary[] }>(`/api/exams/${encodeURIComponent(String(examId))}/series`, {
        signal,
      }),
  });
}

export const thumbnailUrl = (examId: Id, seriesInstanceUid: string): string =>
  `/api/exams/${encodeURIComponent(String(examId))}/series/${encodeURIComponent(seriesInstanceUid)}/thumbnail`;

export const uploadUrl = (examId: Id): string => `/api/exams/${encodeURIComponent(String(examId))}/images`;

/** An original file of the quarantine (administrator only; each download is audited). */
export const originalUrl = (uid: string): string => `/api/imaging/originals/${encodeURIComponent(uid)}`;
