import { Alert, Button, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import type { Identity } from '../../api/types.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { ReasonField } from '../../components/ReasonField.tsx';
import { ModalForm } from '../../components/ModalForm.tsx';
import { Section } from '../../components/Section.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { useForm, useRebaseOnVersion } from '../../lib/form.ts';
import { todayIso, useFormat } from '../../lib/format.ts';
import { Fact, Facts, useRecordSave } from './shared.tsx';

/**
 * Directly identifying data is fetched only on an explicit request, every read is audited by the server,
 * and nothing is kept after the panel is hidden (no cache, no draft).
 */
export function IdentityPanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const [editing, editModal] = useDisclosure(false);
  const key = queryKeys.identity(code);

  const identity = useQuery({
    queryKey: key,
    enabled: revealed,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    queryFn: async ({ signal }) => {
      try {
        const found = await api.get<Identity>(`/api/participants/${encodeURIComponent(code)}/identity`, {
          signal,
        });
        // The read itself is an audit event: show it in the record's audit trail.
        void queryClient.invalidateQueries({ queryKey: queryKeys.participantAudit(code) });
        return found;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });

  useEffect(
    () => () => queryClient.removeQueries({ queryKey: queryKeys.identity(code) }),
    [queryClient, code],
  );

  function hide() {
    setRevealed(false);
    queryClient.removeQueries({ queryKey: key });
  }

  const writable = can('identity.write');
  return (
    <Section
      title={t('identity.title')}
      actions={
        revealed ? (
          <Button size="xs" variant="default" onClick={hide}>
            {t('identity.hide')}
          </Button>
        ) : undefined
      }
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('identity.auditNotice')}
        </Text>
        {!revealed && (
          <Group>
            <Button variant="light" onClick={() => setRevealed(true)}>
              {t('identity.show')}
            </Button>
          </Group>
        )}
        {revealed && identity.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {revealed && identity.isError && (
          <QueryError error={identity.error} onRetry={() => void identity.refetch()} />
        )}
        {revealed && identity.data === null && (
          <Alert color="gray" variant="light">
            <Text size="sm">{t('identity.none')}</Text>
            {writable && (
              <Button mt="xs" size="xs" onClick={editModal.open}>
                {t('identity.add')}
              </Button>
            )}
          </Alert>
        )}
        {revealed && identity.data && (
          <>
            <Facts>
              <Fact label={t('identity.familyName')}>{identity.data.familyName}</Fact>
              <Fact label={t('identity.givenName')}>{identity.data.givenName}</Fact>
              <Fact label={t('identity.birthDate')}>{fmt.date(identity.data.birthDate)}</Fact>
              <Fact label={t('identity.hospitalRecordNumber')}>
                <span className="mono">{identity.data.hospitalRecordNumber}</span>
              </Fact>
            </Facts>
            {writable && (
              <Group>
                <Button size="xs" variant="default" onClick={editModal.open}>
                  {t('identity.edit')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
      <Modal
        opened={editing}
        onClose={editModal.close}
        title={identity.data ? t('identity.editFor', { code }) : t('identity.addFor', { code })}
      >
        <IdentityForm
          code={code}
          identity={identity.data ?? null}
          onClose={editModal.close}
          onSaved={(saved) => {
            if (saved) queryClient.setQueryData(key, saved);
            else void queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      </Modal>
    </Section>
  );
}

function IdentityForm({
  code,
  identity,
  onClose,
  onSaved,
}: {
  code: string;
  identity: Identity | null;
  onClose: () => void;
  onSaved: (saved: Identity | null) => void;
}) {
  const { t } = useTranslation();
  const today = todayIso();
  // Correcting a recorded identity always needs a reason; the server may also ask when creating.
  const [reasonShown, setReasonShown] = useState(identity !== null);
  // No draftKey: identity never goes to browser storage.
  const valuesOf = (i: Identity | null) => ({
    familyName: i?.familyName ?? '',
    givenName: i?.givenName ?? '',
    birthDate: i?.birthDate ?? '',
    hospitalRecordNumber: i?.hospitalRecordNumber ?? '',
    reason: '',
  });
  const form = useForm({
    initial: valuesOf(identity),
    validate: (v) => ({
      familyName: v.familyName.trim() ? undefined : t('validation.required'),
      givenName: v.givenName.trim() ? undefined : t('validation.required'),
      birthDate: !v.birthDate
        ? t('validation.required')
        : v.birthDate > today
          ? t('validation.notInFuture')
          : undefined,
      hospitalRecordNumber: v.hospitalRecordNumber.trim() ? undefined : t('validation.required'),
      reason: reasonShown && !v.reason.trim() ? t('validation.reasonRequired') : undefined,
    }),
  });
  useRebaseOnVersion(form, identity?.version ?? 0, () => valuesOf(identity));
  const queryClient = useQueryClient();
  const { mutation, reload } = useRecordSave({
    code,
    mutationFn: (body: Record<string, unknown>) =>
      api.put<unknown>(`/api/participants/${encodeURIComponent(code)}/identity`, body),
    form,
    successMessage: t('identity.saved'),
    onDone: (result) => {
      const saved =
        result && typeof result === 'object' && 'familyName' in result && 'version' in result
          ? (result as Identity)
          : null;
      onSaved(saved);
      onClose();
    },
    onReasonDemanded: () => setReasonShown(true),
  });
  return (
    <ModalForm
      onSubmit={form.onSubmit((v) => {
        const body: Record<string, unknown> = {
          familyName: v.familyName.trim(),
          givenName: v.givenName.trim(),
          birthDate: v.birthDate,
          hospitalRecordNumber: v.hospitalRecordNumber.trim(),
          version: identity?.version ?? 0,
        };
        if (v.reason.trim()) body.reason = v.reason.trim();
        mutation.mutate(body);
      })}
      onCancel={onClose}
      submitLabel={t('actions.save')}
      pending={mutation.isPending}
      error={mutation.error}
      shownFields={['familyName', 'givenName', 'birthDate', 'hospitalRecordNumber', 'reason']}
      onReload={() => {
        reload();
        void queryClient.invalidateQueries({ queryKey: queryKeys.identity(code) });
      }}
      submitDisabled={identity !== null && !form.dirty}
    >
      <TextInput
        label={t('identity.familyName')}
        required
        autoComplete="off"
        maxLength={200}
        data-autofocus
        {...form.text('familyName')}
      />
      <TextInput
        label={t('identity.givenName')}
        required
        autoComplete="off"
        maxLength={200}
        {...form.text('givenName')}
      />
      <TextInput
        type="date"
        label={t('identity.birthDate')}
        required
        max={today}
        {...form.text('birthDate')}
      />
      <TextInput
        label={t('identity.hospitalRecordNumber')}
        required
        autoComplete="off"
        maxLength={64}
        {...form.text('hospitalRecordNumber')}
      />
      {reasonShown && <ReasonField {...form.text('reason')} />}
    </ModalForm>
  );
}
