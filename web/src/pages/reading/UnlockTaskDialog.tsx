import { Modal, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { readingKeys, taskUrl, type ExamReadRow } from '../../api/reading.ts';
import { ModalForm } from '../../components/ModalForm.tsx';
import { ReasonField } from '../../components/ReasonField.tsx';

/** Reopens a submitted read for correction; the reason is audited. */
export function UnlockTaskDialog({
  read,
  examCode,
  onClose,
}: {
  read: ExamReadRow | null;
  examCode: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const mutation = useMutation({
    mutationFn: (target: ExamReadRow) =>
      api.post(`${taskUrl(target.taskId)}/unlock`, { version: target.version, reason: reason.trim() }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: readingKeys.all });
      close();
    },
  });
  const close = () => {
    setReason('');
    setTried(false);
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={read !== null} onClose={close} title={t('reading.unlock.title', { exam: examCode })}>
      <ModalForm
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (read && reason.trim()) mutation.mutate(read);
        }}
        onCancel={close}
        submitLabel={t('reading.unlock.submit')}
        pending={mutation.isPending}
        error={mutation.error}
        shownFields={['reason']}
        onReload={() => {
          void queryClient.invalidateQueries({ queryKey: readingKeys.exams });
          close();
        }}
      >
        <Text size="sm">{t('reading.unlock.intro', { reader: read?.reader ?? '' })}</Text>
        <ReasonField
          value={reason}
          data-autofocus
          onChange={(e) => setReason(e.currentTarget.value)}
          error={tried && !reason.trim() ? t('validation.required') : undefined}
        />
      </ModalForm>
    </Modal>
  );
}
