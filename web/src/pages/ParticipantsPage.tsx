import {
  Anchor,
  Button,
  Group,
  Modal,
  NativeSelect,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PARTICIPANT_STATUSES, type ParticipantStatus } from '../../../src/core/study/participant-status.ts';
import { ARMS, isArm, type Arm } from '../../../src/core/study/protocol.ts';
import { api, queryString } from '../api/client.ts';
import { queryKeys } from '../api/queries.ts';
import type { PageOf, Participant } from '../api/types.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { ModalForm } from '../components/ModalForm.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { DenseTable, EmptyRow } from '../components/Tables.tsx';
import { useAuth } from '../lib/auth.tsx';
import { useForm } from '../lib/form.ts';
import { todayIso, useFormat } from '../lib/format.ts';
import { useLabels } from '../lib/labels.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';

export const PAGE_SIZE = 25;

function isStatus(value: string): value is ParticipantStatus {
  return (PARTICIPANT_STATUSES as readonly string[]).includes(value);
}

export function ParticipantsPage() {
  const { t } = useTranslation();
  usePageTitle(t('participants.title'));
  const fmt = useFormat();
  const labels = useLabels();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [creating, createModal] = useDisclosure(false);

  const q = params.get('q') ?? '';
  const armParam = params.get('arm') ?? '';
  const statusParam = params.get('status') ?? '';
  const arm = isArm(armParam) ? armParam : '';
  const status = isStatus(statusParam) ? statusParam : '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);

  // The search box updates the URL as you type (debounced), without filling the history with each key.
  const [search, setSearch] = useState(q);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (debouncedSearch === q) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (debouncedSearch) next.set('q', debouncedSearch);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
    // Only the debounced value drives this effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch]);

  function setFilter(name: 'arm' | 'status' | 'page', value: string) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value && !(name === 'page' && value === '1')) next.set(name, value);
      else next.delete(name);
      if (name !== 'page') next.delete('page');
      return next;
    });
  }

  const listParams = { q, arm, status, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: queryKeys.participantList(listParams),
    queryFn: ({ signal }) =>
      api.get<PageOf<Participant>>(`/api/participants${queryString(listParams)}`, { signal }),
    placeholderData: keepPreviousData,
  });

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(q || arm || status);

  // A page beyond the last one (old link, shrunk list) falls back to the last page.
  useEffect(() => {
    if (list.data && !list.isPlaceholderData && page > pages) {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (pages > 1) next.set('page', String(pages));
          else next.delete('page');
          return next;
        },
        { replace: true },
      );
    }
  }, [list.data, list.isPlaceholderData, page, pages, setParams]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('participants.title')}
        </Title>
        {can('participant.create') && <Button onClick={createModal.open}>{t('participants.new')}</Button>}
      </Group>

      <Group role="search" aria-label={t('participants.filters')} gap="sm" align="flex-end">
        <TextInput
          type="search"
          label={t('participants.searchLabel')}
          description={t('participants.searchHint')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={220}
        />
        <NativeSelect
          label={t('participants.arm')}
          value={arm}
          onChange={(e) => setFilter('arm', e.currentTarget.value)}
          data={[
            { value: '', label: t('participants.allArms') },
            ...ARMS.map((a) => ({ value: a, label: labels.arm(a) })),
          ]}
          w={220}
        />
        <NativeSelect
          label={t('participants.status')}
          value={status}
          onChange={(e) => setFilter('status', e.currentTarget.value)}
          data={[
            { value: '', label: t('participants.allStatuses') },
            ...PARTICIPANT_STATUSES.map((s) => ({ value: s, label: labels.status(s) })),
          ]}
          w={200}
        />
        {filtered && (
          <Button variant="subtle" onClick={() => setParams(new URLSearchParams())}>
            {t('participants.clearFilters')}
          </Button>
        )}
      </Group>

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600} role="status" data-testid="participants-total">
          {list.data ? t('participants.total', { count: total }) : t('common.loading')}
        </Text>
        {list.data && total > 0 && (
          <Text size="sm" c="dimmed">
            {t('participants.pageOf', { page: fmt.number(page), pages: fmt.number(pages) })}
          </Text>
        )}
      </Group>

      <DenseTable caption={t('participants.title')} aria-busy={list.isFetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('participants.code')}</Table.Th>
            <Table.Th>{t('participants.arm')}</Table.Th>
            <Table.Th>{t('participants.status')}</Table.Th>
            <Table.Th>{t('participants.screeningDate')}</Table.Th>
            <Table.Th>{t('participants.inclusionDate')}</Table.Th>
            <Table.Th>{t('participants.endDate')}</Table.Th>
            <Table.Th>{t('participants.updatedAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((p) => (
            <Table.Tr key={p.code}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/participants/${encodeURIComponent(p.code)}`}
                  fw={600}
                  ff="monospace"
                >
                  {p.code}
                </Anchor>
              </Table.Td>
              <Table.Td>{labels.arm(p.arm)}</Table.Td>
              <Table.Td>
                <StatusBadge status={p.status} />
              </Table.Td>
              <Table.Td>{fmt.date(p.screeningDate)}</Table.Td>
              <Table.Td>{fmt.date(p.inclusionDate)}</Table.Td>
              <Table.Td>{fmt.date(p.endDate)}</Table.Td>
              <Table.Td>{fmt.dateTime(p.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
          {list.data && list.data.items.length === 0 && (
            <EmptyRow colSpan={7}>
              {filtered
                ? t('participants.emptyFiltered')
                : can('participant.create')
                  ? t('participants.emptyCreate')
                  : t('participants.empty')}
            </EmptyRow>
          )}
        </Table.Tbody>
      </DenseTable>

      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(p) => setFilter('page', String(p))}
          size="sm"
          aria-label={t('participants.pagination')}
          getItemProps={(p) => ({ 'aria-label': t('participants.goToPage', { page: p }) })}
          getControlProps={(control) => ({ 'aria-label': t(`participants.pageControl.${control}`) })}
        />
      )}

      <Modal opened={creating} onClose={createModal.close} title={t('participants.new')} size="md">
        <NewParticipantForm onClose={createModal.close} />
      </Modal>
    </Stack>
  );
}

function NewParticipantForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const today = todayIso();
  const form = useForm({
    initial: { arm: '', screeningDate: today },
    draftKey: 'participant-new',
    validate: (v) => ({
      arm: v.arm ? undefined : t('validation.chooseArm'),
      screeningDate: !v.screeningDate
        ? t('validation.required')
        : v.screeningDate > today
          ? t('validation.notInFuture')
          : undefined,
    }),
  });
  const create = useMutation({
    mutationFn: (body: { arm: Arm; screeningDate: string }) =>
      api.post<Participant>('/api/participants', body),
    onMutate: () => form.setServerError(null),
    onError: form.setServerError,
    onSuccess: (participant) => {
      form.finish();
      void queryClient.invalidateQueries({ queryKey: queryKeys.participants });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
      notifications.show({ color: 'green', message: t('participants.created', { code: participant.code }) });
      onClose();
      void navigate(`/participants/${encodeURIComponent(participant.code)}`);
    },
  });
  return (
    <ModalForm
      onSubmit={form.onSubmit((v) => {
        if (isArm(v.arm)) create.mutate({ arm: v.arm, screeningDate: v.screeningDate });
      })}
      onCancel={onClose}
      submitLabel={t('participants.create')}
      pending={create.isPending}
      error={create.error}
      shownFields={['arm', 'screeningDate']}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
    >
      <Text size="sm" c="dimmed">
        {t('participants.codeAssigned')}
      </Text>
      <NativeSelect
        label={t('participants.arm')}
        required
        data-autofocus
        data={[
          { value: '', label: t('forms.choose') },
          ...ARMS.map((a) => ({ value: a, label: labels.arm(a) })),
        ]}
        {...form.text('arm')}
      />
      <TextInput
        type="date"
        label={t('participants.screeningDate')}
        required
        max={today}
        {...form.text('screeningDate')}
      />
    </ModalForm>
  );
}
