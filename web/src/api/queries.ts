import { useQuery } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './client.ts';
import type { Health, Session, Study } from './types.ts';

export const queryKeys = {
  session: ['session'] as const,
  health: ['health'] as const,
  study: ['study'] as const,
  dashboard: ['dashboard'] as const,
  participants: ['participants'] as const,
  participantList: (params: Record<string, string | number>) => ['participants', 'list', params] as const,
  participant: (code: string) => ['participants', 'detail', code] as const,
  identity: (code: string) => ['participants', 'identity', code] as const,
  participantAudit: (code: string) => ['participants', 'audit', code] as const,
  users: ['users'] as const,
  auditVerify: ['audit', 'verify'] as const,
};

/** The current session, or null when nobody is logged in. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/session', { expectUnauthorized: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: queryKeys.session, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
}

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: () => api.get<Health>('/api/health'),
    staleTime: 5 * 60_000,
  });
}

export function useStudy(enabled = true) {
  return useQuery({
    queryKey: queryKeys.study,
    queryFn: () => api.get<Study>('/api/study'),
    staleTime: 30 * 60_000,
    enabled,
  });
}
