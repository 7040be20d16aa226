import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import { queryKeys } from '../api/queries.ts';
import type { Session } from '../api/types.ts';
import { clearAllDrafts } from './drafts.ts';

/** Forget everything cached for the previous user, except public server facts. */
export function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'health' });
}

export function useLogin(onError: (error: unknown) => void, next: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      api.post<Session>('/api/session', credentials, { expectUnauthorized: true }),
    onMutate: () => onError(null),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      forgetUserData(queryClient);
      queryClient.setQueryData(queryKeys.session, session);
      void navigate(next, { replace: true });
    },
    onError,
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.delete<void>('/api/session'),
    onSettled: () => {
      setCsrfToken(null);
      clearAllDrafts();
      forgetUserData(queryClient);
      queryClient.setQueryData(queryKeys.session, null);
      void navigate('/login', { replace: true });
    },
  });
}
