import { Button, Modal, NativeSelect, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTICIPANT_CODE_PATTERN } from '../../../../src/core/study/protocol.ts';
import { api } from '../../api/client.ts';
import { imagingKeys, useInbox, type InboxStudy, type StudyAssignment } from '../../api/imaging.ts';
import { queryKeys } from '../../api/queries.ts';
import type { ParticipantDetail } from '../../api/types.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { ModalForm } from '../../components/ModalForm.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useForm } from '../../lib/form.ts';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { nucleusLabel } from '../../lib/labels.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';

/**
 * The unassigned inbox (XNAT's prearchive): studies imported without a participant, de-identified under an inbox
 * code, waiting to be assigned to their MRI exam.
 */
export function InboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('inbox.title'));
  const fmt = useFormat();
  const inbox = useInbox();
  const [assigning, setAssigning] = useState<InboxStudy | null>(null);
  const items = inbox.data?.items ?? [];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('inbox.title')}
      </Title>
      <Text size="sm" c="dimmed" maw={900}>
        {t('inbox.intro')}
      </Text>
      {inbox.isError && <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} />}
      {inbox.isPending && <Skeleton h={160} />}
      {inbox.data && (
        <DenseTable caption={t('inbox.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('inbox.code')}</Table.Th>
              <Table.Th>{t('inbox.studyDate')}</Table.Th>
              <Table.Th>{t('inbox.receivedAt')}</Table.Th>
              <Table.Th>{t('inbox.series')}</Table.Th>
              <Table.Th>{t('exam.series.instances')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((study) => (
              <Table.Tr key={study.studyInstanceUid} data-testid="inbox-row">
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {study.inboxCode}
                </Table.Td>
                <Table.Td>{fmt.date(study.studyDate)}</Table.Td>
                <Table.Td>{fmt.dateTime(study.receivedAt)}</Table.Td>
                <Table.Td>
                  {study.series.map((s) => (
                    <Text size="sm" key={s.seriesInstanceUid}>
                      {`${s.seriesDescription || t('exam.series.untitled')} · ${nucleusLabel(s.nucleus)} · ${s.rows} × ${s.columns} × ${s.frames}`}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>{fmt.number(study.instances)}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => setAssigning(study)}
                    aria-label={t('inbox.assignStudy', { code: study.inboxCode })}
                  >
                    {t('inbox.assign')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {items.length === 0 && <EmptyRow colSpan={6}>{t('inbox.empty')}</EmptyRow>}
          </Table.Tbody>
        </DenseTable>
      )}
      <Modal
        opened={assigning !== null}
        onClose={() => setAssigning(null)}
        title={assigning ? t('inbox.assignTitle', { code: assigning.inboxCode }) : ''}
      >
        {assigning && <AssignForm study={assigning} onClose={() => setAssigning(null)} />}
      </Modal>
    </Stack>
  );
}

function AssignForm({ study, onClose }: { study: InboxStudy; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const form = useForm({
    initial: { participant: '', examId: '' },
    validate: (v) => ({
      participant: PARTICIPANT_CODE_PATTERN.test(v.participant) ? undefined : t('inbox.participantFormat'),
      examId: v.examId ? undefined : t('inbox.examRequired'),
    }),
  });
  const code = form.values.participant;
  const participant = useQuery({
    queryKey: queryKeys.participant(code),
    queryFn: ({ signal }) =>
      api.get<ParticipantDetail>(`/api/participants/${encodeURIComponent(code)}`, { signal }),
    enabled: PARTICIPANT_CODE_PATTERN.test(code),
    retry: false,
  });
  const exams = participant.data?.exams ?? [];
  const mutation = useMutation({
    mutationFn: (examId: string) =>
      api.post<StudyAssignment>(`/api/imaging/inbox/${encodeURIComponent(study.studyInstanceUid)}/assign`, {
        examId,
      }),
    onMutate: () => form.setServerError(null),
    onError: (error) => form.setServerError(error),
    onSuccess: (result) => {
      form.finish();
      void queryClient.invalidateQueries({ queryKey: imagingKeys.inbox });
      void queryClient.invalidateQueries({ queryKey: imagingKeys.examSeries(result.examId) });
      notifications.show({
        color: 'green',
        message: t('inbox.assigned', { exam: result.examCode, code: result.participantCode }),
      });
      onClose();
    },
  });
  return (
    <ModalForm
      onSubmit={form.onSubmit((v) => mutation.mutate(v.examId))}
      onCancel={onClose}
      submitLabel={t('inbox.assign')}
      pending={mutation.isPending}
      error={mutation.error}
      shownFields={['examId']}
    >
      <Text size="sm">{t('inbox.assignHint')}</Text>
      <TextInput
        label={t('inbox.participant')}
        description={t('inbox.participantHint')}
        data-autofocus
        {...form.text('participant')}
        onChange={(event) => {
          form.setField('participant', event.currentTarget.value.trim().toUpperCase());
          // An exam chosen for another participant must not stay selected.
          if (form.values.examId) form.setField('examId', '');
        }}
      />
      {participant.isError && <QueryError error={participant.error} />}
      {participant.data &&
        (exams.length === 0 ? (
          <Text size="sm" c="red" role="alert">
            {t('inbox.noExam', { code })}
          </Text>
        ) : (
          <NativeSelect
            label={t('inbox.exam')}
            required
            data={[
              { value: '', label: t('inbox.chooseExam') },
              ...exams.map((e) => ({
                value: String(e.id),
                label: `${e.examCode} — ${e.acquiredAt ? fmt.dateTime(e.acquiredAt) : EMPTY}`,
              })),
            ]}
            {...form.text('examId')}
          />
        ))}
    </ModalForm>
  );
}
