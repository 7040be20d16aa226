import { Box, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import { readingKeys } from '../../api/reading.ts';

/** Everything that may show a participant's data after one of its records changed. */
export function useInvalidateParticipant(code: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.participant(code) });
    void queryClient.invalidateQueries({ queryKey: ['participants', 'list'] });
    void queryClient.invalidateQueries({ queryKey: queryKeys.participantAudit(code) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
    void queryClient.invalidateQueries({ queryKey: readingKeys.all });
  };
}

/** The server asks for a reason (422) when a change to recorded data needs one. */
export function demandsReason(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 422 || error.status === 400) &&
    error.fieldMessage('reason') !== undefined
  );
}

interface SaveOptions<TBody, TResult> {
  code: string;
  mutationFn: (body: TBody) => Promise<TResult>;
  form: { setServerError: (error: unknown) => void; finish: () => void };
  successMessage: string | ((result: TResult) => string);
  onDone: (result: TResult) => void;
  /** Called when the server refuses the change until a reason is given. */
  onReasonDemanded?: () => void;
}

/**
 * A save on a participant record: errors go to the form (and a demanded reason reveals the reason field),
 * success refreshes what shows the record, confirms, and closes the form.
 */
export function useRecordSave<TBody, TResult>({
  code,
  mutationFn,
  form,
  successMessage,
  onDone,
  onReasonDemanded,
}: SaveOptions<TBody, TResult>) {
  const invalidate = useInvalidateParticipant(code);
  const mutation = useMutation({
    mutationFn,
    onMutate: () => form.setServerError(null),
    onError: (error) => {
      form.setServerError(error);
      if (demandsReason(error)) onReasonDemanded?.();
    },
    onSuccess: (result) => {
      form.finish();
      invalidate();
      notifications.show({
        color: 'green',
        message: typeof successMessage === 'function' ? successMessage(result) : successMessage,
      });
      onDone(result);
    },
  });
  return { mutation, reload: invalidate };
}

/** A definition list laid out as a dense grid. */
export function Facts({ children }: { children: ReactNode }) {
  return (
    <Box
      component="dl"
      m={0}
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
        gap: '8px 16px',
      }}
    >
      {children}
    </Box>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children}
      </Text>
    </div>
  );
}
