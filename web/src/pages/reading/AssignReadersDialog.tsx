import { Modal, Select, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { readingKeys, type Reader } from '../../api/reading.ts';
import { ModalForm } from '../../components/ModalForm.tsx';

/** Assigns an exam's two independent readers and its adjudicator: three different radiologists. */
export function AssignReadersDialog({ examCode, onClose }: { examCode: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [first, setFirst] = useState<string | null>(null);
  const [second, setSecond] = useState<string | null>(null);
  const [adjudicator, setAdjudicator] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const readers = useQuery({
    queryKey: readingKeys.readers,
    queryFn: ({ signal }) => api.get<{ items: Reader[] }>('/api/reading/readers', { signal }),
    enabled: examCode !== null,
  });
  const mutation = useMutation({
    mutationFn: () =>
      api.post(`/api/reading/exams/${encodeURIComponent(examCode ?? '')}/assign`, {
        readers: [first, second],
        ...(adjudicator ? { adjudicatorId: adjudicator } : {}),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: readingKeys.all });
      close();
    },
  });
  const close = () => {
    setFirst(null);
    setSecond(null);
    setAdjudicator(null);
    setTried(false);
    mutation.reset();
    onClose();
  };
  const options = (readers.data?.items ?? []).map((r) => ({
    value: r.id,
    label: `${r.displayName} (${r.username})`,
  }));
  const sameReader = first !== null && first === second;
  const adjudicatorReads = adjudicator !== null && (adjudicator === first || adjudicator === second);

  return (
    <Modal opened={examCode !== null} onClose={close} title={t('reading.assign.title', { exam: examCode })}>
      <ModalForm
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (first && second && !sameReader && !adjudicatorReads) mutation.mutate();
        }}
        onCancel={close}
        submitLabel={t('reading.assign.submit')}
        pending={mutation.isPending}
        error={mutation.error ?? readers.error}
        shownFields={['readers', 'adjudicatorId']}
      >
        <Text size="sm">{t('reading.assign.intro')}</Text>
        <Select
          label={t('reading.assign.reader1')}
          data={options}
          value={first}
          onChange={setFirst}
          required
          searchable
          data-autofocus
          error={tried && !first ? t('validation.required') : undefined}
        />
        <Select
          label={t('reading.assign.reader2')}
          data={options}
          value={second}
          onChange={setSecond}
          required
          searchable
          error={
            tried && !second
              ? t('validation.required')
              : sameReader
                ? t('reading.assign.differentReaders')
                : undefined
          }
        />
        <Select
          label={t('reading.assign.adjudicator')}
          description={t('reading.assign.adjudicatorHint')}
          data={options}
          value={adjudicator}
          onChange={setAdjudicator}
          clearable
          searchable
          error={adjudicatorReads ? t('reading.assign.adjudicatorNotReader') : undefined}
        />
      </ModalForm>
    </Modal>
  );
}
