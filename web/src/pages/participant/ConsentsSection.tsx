import { Button, Modal, Table, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Consent } from '../../api/types.ts';
import { ModalForm } from '../../components/ModalForm.tsx';
import { Section } from '../../components/Section.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { useForm } from '../../lib/form.ts';
import { EMPTY, todayIso, useFormat } from '../../lib/format.ts';
import { useRecordSave } from './shared.tsx';

export function ConsentsSection({ code, consents }: { code: string; consents: Consent[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const [opened, modal] = useDisclosure(false);
  return (
    <Section
      title={t('consents.title')}
      actions={
        can('consent.write') ? (
          <Button size="xs" variant="default" onClick={modal.open}>
            {t('consents.add')}
          </Button>
        ) : undefined
      }
    >
      <DenseTable caption={t('consents.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('consents.consentDate')}</Table.Th>
            <Table.Th>{t('consents.documentVersion')}</Table.Th>
            <Table.Th>{t('consents.withdrawnDate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {consents.map((c) => (
            <Table.Tr key={String(c.id)}>
              <Table.Td>{fmt.date(c.consentDate)}</Table.Td>
              <Table.Td>{c.documentVersion}</Table.Td>
              <Table.Td>{c.withdrawnDate ? fmt.date(c.withdrawnDate) : EMPTY}</Table.Td>
            </Table.Tr>
          ))}
          {consents.length === 0 && (
            <EmptyRow colSpan={3}>
              {can('consent.write') ? t('consents.emptyAdd') : t('consents.empty')}
            </EmptyRow>
          )}
        </Table.Tbody>
      </DenseTable>
      <Modal opened={opened} onClose={modal.close} title={t('consents.addFor', { code })}>
        <ConsentForm code={code} onClose={modal.close} />
      </Modal>
    </Section>
  );
}

function ConsentForm({ code, onClose }: { code: string; onClose: () => void }) {
  const { t } = useTranslation();
  const today = todayIso();
  const form = useForm({
    initial: { consentDate: today, documentVersion: '' },
    draftKey: `consent:${code}`,
    validate: (v) => ({
      consentDate: !v.consentDate
        ? t('validation.required')
        : v.consentDate > today
          ? t('validation.notInFuture')
          : undefined,
      documentVersion: !v.documentVersion.trim()
        ? t('validation.required')
        : v.documentVersion.trim().length > 40
          ? t('validation.maxLength', { max: 40 })
          : undefined,
    }),
  });
  const { mutation, reload } = useRecordSave({
    code,
    mutationFn: (body: { consentDate: string; documentVersion: string }) =>
      api.post<unknown>(`/api/participants/${encodeURIComponent(code)}/consents`, body),
    form,
    successMessage: t('consents.saved'),
    onDone: onClose,
  });
  return (
    <ModalForm
      onSubmit={form.onSubmit((v) =>
        mutation.mutate({ consentDate: v.consentDate, documentVersion: v.documentVersion.trim() }),
      )}
      onCancel={onClose}
      submitLabel={t('consents.add')}
      pending={mutation.isPending}
      error={mutation.error}
      shownFields={['consentDate', 'documentVersion']}
      onReload={reload}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
    >
      <TextInput
        type="date"
        label={t('consents.consentDate')}
        required
        max={today}
        data-autofocus
        {...form.text('consentDate')}
      />
      <TextInput
        label={t('consents.documentVersion')}
        description={t('consents.documentVersionHint')}
        required
        maxLength={40}
        {...form.text('documentVersion')}
      />
    </ModalForm>
  );
}
