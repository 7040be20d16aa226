import { NativeSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { participantRecordIsComplete } from '../../../../src/core/study/participant-status.ts';
import { ARMS } from '../../../../src/core/study/protocol.ts';
import { api } from '../../api/client.ts';
import type { Participant } from '../../api/types.ts';
import { ReasonField } from '../../components/ReasonField.tsx';
import { ModalForm } from '../../components/ModalForm.tsx';
import { useForm, useRebaseOnVersion } from '../../lib/form.ts';
import { todayIso } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useRecordSave } from './shared.tsx';

/** Edit arm and screening date. The reason field appears when the server asks for one. */
export function EditParticipantForm({
  participant,
  onClose,
}: {
  participant: Participant;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const today = todayIso();
  // A record whose eligibility is decided needs a reason for any correction (shared rule); the server may also ask.
  const [reasonShown, setReasonShown] = useState(participantRecordIsComplete(participant.status));
  const valuesOf = (p: Participant) => ({
    arm: p.arm as string,
    screeningDate: p.screeningDate ?? '',
    reason: '',
  });
  const form = useForm({
    initial: valuesOf(participant),
    draftKey: `participant-edit:${participant.code}`,
    validate: (v) => ({
      arm: v.arm ? undefined : t('validation.chooseArm'),
      screeningDate: !v.screeningDate
        ? t('validation.required')
        : v.screeningDate > today
          ? t('validation.notInFuture')
          : undefined,
      reason: reasonShown && !v.reason.trim() ? t('validation.reasonRequired') : undefined,
    }),
  });
  const save = useRecordSave({
    code: participant.code,
    mutationFn: (body: Record<string, unknown>) =>
      api.patch<Participant>(`/api/participants/${encodeURIComponent(participant.code)}`, body),
    form,
    successMessage: t('participant.saved', { code: participant.code }),
    onDone: onClose,
    onReasonDemanded: () => setReasonShown(true),
  });
  // Only what the user changed is sent; after a reload the untouched fields follow the record.
  useRebaseOnVersion(form, participant.version, () => valuesOf(participant));
  const initial = form.initial;
  const changed = form.values.arm !== initial.arm || form.values.screeningDate !== initial.screeningDate;

  return (
    <ModalForm
      onSubmit={form.onSubmit((v) => {
        const body: Record<string, unknown> = { version: participant.version };
        if (v.arm !== initial.arm) body.arm = v.arm;
        if (v.screeningDate !== initial.screeningDate) body.screeningDate = v.screeningDate;
        if (v.reason.trim()) body.reason = v.reason.trim();
        save.mutation.mutate(body);
      })}
      onCancel={onClose}
      submitLabel={t('actions.save')}
      pending={save.mutation.isPending}
      error={save.mutation.error}
      shownFields={['arm', 'screeningDate', 'reason']}
      onReload={save.reload}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
      submitDisabled={!changed}
    >
      <NativeSelect
        label={t('participants.arm')}
        required
        data-autofocus
        data={ARMS.map((a) => ({ value: a, label: labels.arm(a) }))}
        {...form.text('arm')}
      />
      <TextInput
        type="date"
        label={t('participants.screeningDate')}
        required
        max={today}
        {...form.text('screeningDate')}
      />
      {reasonShown && <ReasonField {...form.text('reason')} />}
    </ModalForm>
  );
}
