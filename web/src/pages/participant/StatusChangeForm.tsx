import { NativeSelect, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ParticipantStatus } from '../../../../src/core/study/participant-status.ts';
import { api } from '../../api/client.ts';
import type { Participant } from '../../api/types.ts';
import { ReasonField } from '../../components/ReasonField.tsx';
import { ModalForm } from '../../components/ModalForm.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useForm } from '../../lib/form.ts';
import { todayIso } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useRecordSave } from './shared.tsx';

interface Props {
  participant: Participant;
  allowedTransitions: readonly ParticipantStatus[];
  onClose: () => void;
}

/** Status changes offer only the transitions the server allows, and always need a date and a reason. */
export function StatusChangeForm({ participant, allowedTransitions, onClose }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const today = todayIso();
  const form = useForm({
    initial: {
      status: allowedTransitions.length === 1 ? (allowedTransitions[0] ?? '') : '',
      effectiveDate: today,
      reason: '',
    },
    draftKey: `status:${participant.code}`,
    validate: (v) => ({
      status: allowedTransitions.includes(v.status as ParticipantStatus)
        ? undefined
        : t('validation.chooseStatus'),
      effectiveDate: !v.effectiveDate
        ? t('validation.required')
        : v.effectiveDate > today
          ? t('validation.notInFuture')
          : undefined,
      reason: v.reason.trim() ? undefined : t('validation.reasonRequired'),
    }),
  });
  const { mutation, reload } = useRecordSave({
    code: participant.code,
    mutationFn: (body: { version: number; status: string; effectiveDate: string; reason: string }) =>
      api.post<Participant>(`/api/participants/${encodeURIComponent(participant.code)}/status`, body),
    form,
    successMessage: (p) => t('participant.statusChanged', { code: p.code, status: labels.status(p.status) }),
    onDone: onClose,
  });

  return (
    <ModalForm
      onSubmit={form.onSubmit((v) =>
        mutation.mutate({
          version: participant.version,
          status: v.status,
          effectiveDate: v.effectiveDate,
          reason: v.reason.trim(),
        }),
      )}
      onCancel={onClose}
      submitLabel={t('participant.changeStatus')}
      pending={mutation.isPending}
      error={mutation.error}
      shownFields={['status', 'effectiveDate', 'reason']}
      onReload={reload}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
    >
      <Text size="sm" component="div">
        {t('participant.currentStatus')} <StatusBadge status={participant.status} />
      </Text>
      <NativeSelect
        label={t('participant.newStatus')}
        required
        data-autofocus
        data={[
          { value: '', label: t('forms.choose') },
          ...allowedTransitions.map((s) => ({ value: s, label: labels.status(s) })),
        ]}
        {...form.text('status')}
      />
      <TextInput
        type="date"
        label={t('participant.effectiveDate')}
        required
        max={today}
        {...form.text('effectiveDate')}
      />
      <ReasonField description={t('participant.reasonHint')} {...form.text('reason')} />
    </ModalForm>
  );
}
