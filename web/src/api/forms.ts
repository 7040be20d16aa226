/**
 * eCRF API: the form schedule of a participant, one form with its record and queries, the queries list and the
 * screening log. The response types come from their schemas in src/core/api.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DataQuery,
  FormDetail,
  FormListItem,
  FormRecord,
  Signature,
} from '../../../src/core/api/forms.ts';
import type { ScreeningLogEntry } from '../../../src/core/api/participants.ts';
import type { QueryStatus } from '../../../src/core/forms/lifecycle.ts';
import { api, queryString } from './client.ts';
import { queryKeys } from './queries.ts';

export type { DataQuery, FormDetail, FormListItem, FormRecord, ScreeningLogEntry, Signature };

export interface FormKey {
  code: string;
  visit: string;
  instrument: string;
}

export const formUrl = ({ code, visit, instrument }: FormKey): string =>
  `/api/participants/${encodeURIComponent(code)}/forms/${encodeURIComponent(visit)}/${encodeURIComponent(instrument)}`;

/** The page of one form in the web app. */
export const formPath = (code: string, visit: string, instrument: string): string =>
  `/participants/${encodeURIComponent(code)}/forms/${encodeURIComponent(visit)}/${encodeURIComponent(instrument)}`;

export const formKeys = {
  all: ['forms'] as const,
  list: (code: string) => ['forms', 'list', code] as const,
  detail: ({ code, visit, instrument }: FormKey) => ['forms', 'detail', code, visit, instrument] as const,
  queries: ['queries'] as const,
  queryList: (status: string, participant: string) => ['queries', 'list', status, participant] as const,
  screeningLog: ['screening-log'] as const,
};

export function useParticipantForms(code: string, enabled = true) {
  return useQuery({
    queryKey: formKeys.list(code),
    queryFn: ({ signal }) =>
      api.get<{ items: FormListItem[] }>(`/api/participants/${encodeURIComponent(code)}/forms`, { signal }),
    enabled,
  });
}

export function useFormDetail(key: FormKey) {
  return useQuery({
    queryKey: formKeys.detail(key),
    queryFn: ({ signal }) => api.get<FormDetail>(formUrl(key), { signal }),
    // A form being edited is never silently replaced: a newer version is fetched on request (409, reload).
    staleTime: 0,
  });
}

/** Queries by status (`open`, `answered`, `closed`), or every status when none is given. */
export function useQueriesList(status: QueryStatus | undefined, participant?: string) {
  return useQuery({
    queryKey: formKeys.queryList(status ?? 'all', participant ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: DataQuery[] }>(`/api/queries${queryString({ status, participant })}`, { signal }),
  });
}

export function useScreeningLog() {
  return useQuery({
    queryKey: formKeys.screeningLog,
    queryFn: ({ signal }) => api.get<{ items: ScreeningLogEntry[] }>('/api/screening-log', { signal }),
  });
}

/** Everything that shows a form's status, score or queries, after one of them changed. */
export function useInvalidateForm(key: FormKey) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: formKeys.detail(key) });
    void queryClient.invalidateQueries({ queryKey: formKeys.list(key.code) });
    void queryClient.invalidateQueries({ queryKey: formKeys.queries });
    void queryClient.invalidateQueries({ queryKey: formKeys.screeningLog });
    void queryClient.invalidateQueries({ queryKey: queryKeys.participantAudit(key.code) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
  };
}
