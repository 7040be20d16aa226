import { Badge, Button, Modal, NativeSelect, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { VISIT_STATUSES, type Study, type Visit, type VisitStatus } from '../../api/types.ts';
import { ReasonField } from '../../components/ReasonField.tsx';
import { ModalForm } from '../../components/ModalForm.tsx';
import { Section } from '../../components/Section.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { useForm, useRebaseOnVersion } from '../../lib/form.ts';
import { todayIso, useFormat } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useRecordSave } from './shared.tsx';

const VISIT_COLOR: Record<VisitStatus, string> = { planned: 'gray', done: 'green', missed: 'red' };

export function VisitsSection({
  code,
  visits,
  study,
}: {
  code: string;
  visits: Visit[];
  study: Study | undefined;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const { can } = useAuth();
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = visits.find((v) => String(v.id) === editingId) ?? null;
  const editable = can('visit.write');
  return (
    <Section title={t('visits.title')}>
      <DenseTable caption={t('visits.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('visits.visit')}</Table.Th>
            <Table.Th>{t('visits.plannedDate')}</Table.Th>
            <Table.Th>{t('visits.actualDate')}</Table.Th>
            <Table.Th>{t('visits.status')}</Table.Th>
            {editable && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {visits.map((v) => (
            <Table.Tr key={String(v.id)}>
              <Table.Td>{labels.visit(v.visitCode, study)}</Table.Td>
              <Table.Td>{fmt.date(v.plannedDate)}</Table.Td>
              <Table.Td>{fmt.date(v.actualDate)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={VISIT_COLOR[v.status] ?? 'gray'} tt="none" radius="sm">
                  {labels.visitStatus(v.status)}
                </Badge>
              </Table.Td>
              {editable && (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => setEditingId(String(v.id))}
                    aria-label={t('visits.recordVisit', { visit: v.visitCode })}
                  >
                    {t('visits.record')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
          {visits.length === 0 && <EmptyRow colSpan={editable ? 5 : 4}>{t('visits.empty')}</EmptyRow>}
        </Table.Tbody>
      </DenseTable>
      <Modal
        opened={editing !== null}
        onClose={() => setEditingId(null)}
        title={
          editing ? t('visits.recordTitle', { visit: labels.visit(editing.visitCode, study), code }) : ''
        }
      >
        {editing && <VisitForm code={code} visit={editing} onClose={() => setEditingId(null)} />}
      </Modal>
    </Section>
  );
}

function VisitForm({ code, visit, onClose }: { code: string; visit: Visit; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const today = todayIso();
  const [reasonShown, setReasonShown] = useState(false);
  const valuesOf = (v: Visit) => ({
    status: v.status as string,
    plannedDate: v.plannedDate ?? '',
    actualDate: v.actualDate ?? (v.status === 'planned' ? today : ''),
    reason: '',
  });
  const form = useForm({
    initial: valuesOf(visit),
    draftKey: `visit:${String(visit.id)}`,
    validate: (v) => ({
      actualDate:
        v.status === 'done' && !v.actualDate
          ? t('visits.actualDateRequired')
          : v.status === 'done' && v.actualDate > today
            ? t('validation.notInFuture')
            : undefined,
      reason: reasonShown && !v.reason.trim() ? t('validation.reasonRequired') : undefined,
    }),
  });
  const { mutation, reload } = useRecordSave({
    code,
    mutationFn: (body: Record<string, unknown>) =>
      api.patch<Visit>(`/api/visits/${encodeURIComponent(String(visit.id))}`, body),
    form,
    successMessage: t('visits.saved'),
    onDone: onClose,
    onReasonDemanded: () => setReasonShown(true),
  });
  useRebaseOnVersion(form, visit.version, () => valuesOf(visit));
  const done = form.values.status === 'done';
  return (
    <ModalForm
      onSubmit={form.onSubmit((v) => {
        const body: Record<string, unknown> = {
          version: visit.version,
          status: v.status,
          actualDate: v.status === 'done' ? v.actualDate : null,
        };
        if (v.plannedDate !== form.initial.plannedDate) body.plannedDate = v.plannedDate || null;
        if (v.reason.trim()) body.reason = v.reason.trim();
        mutation.mutate(body);
      })}
      onCancel={onClose}
      submitLabel={t('actions.save')}
      pending={mutation.isPending}
      error={mutation.error}
      shownFields={['status', 'plannedDate', 'actualDate', 'reason']}
      onReload={reload}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
    >
      <NativeSelect
        label={t('visits.status')}
        required
        data-autofocus
        data={VISIT_STATUSES.map((s) => ({ value: s, label: labels.visitStatus(s) }))}
        {...form.text('status')}
      />
      <TextInput type="date" label={t('visits.plannedDate')} {...form.text('plannedDate')} />
      <TextInput
        type="date"
        label={t('visits.actualDate')}
        description={done ? undefined : t('visits.actualDateOnlyDone')}
        required={done}
        disabled={!done}
        max={today}
        {...form.text('actualDate')}
      />
      {reasonShown && <ReasonField {...form.text('reason')} />}
    </ModalForm>
  );
}
