import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HANDS, NCT04223817 } from '../../../../src/core/study/protocol.ts';
import { isReadingOverdue } from '../../../../src/core/study/reading-deadline.ts';
import { api } from '../../api/client.ts';
import { EXAM_STATUSES, type Exam, type ExamStatus } from '../../api/types.ts';
import { ReasonField } from '../../components/ReasonField.tsx';
import { ModalForm } from '../../components/ModalForm.tsx';
import { Section } from '../../components/Section.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { useForm, useRebaseOnVersion } from '../../lib/form.ts';
import { browserTimeZone, EMPTY, fromDateTimeLocal, toDateTimeLocal, useFormat } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useRecordSave } from './shared.tsx';

const EXAM_COLOR: Record<ExamStatus, string> = { scheduled: 'gray', acquired: 'blue', complete: 'green' };

export function ExamsSection({ code, exams }: { code: string; exams: Exam[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const { can } = useAuth();
  const [adding, addModal] = useDisclosure(false);
  // The exam being edited is looked up in the latest data, so a reload after a conflict brings its new version.
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = exams.find((e) => String(e.id) === editingId) ?? null;
  const editable = can('exam.write');
  return (
    <Section
      title={t('exams.title')}
      actions={
        editable ? (
          <Button size="xs" variant="default" onClick={addModal.open}>
            {t('exams.add')}
          </Button>
        ) : undefined
      }
    >
      <DenseTable caption={t('exams.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('exams.examCode')}</Table.Th>
            <Table.Th>{t('exams.acquiredAt')}</Table.Th>
            <Table.Th>{t('exams.hands')}</Table.Th>
            <Table.Th>{t('exams.scanner')}</Table.Th>
            <Table.Th>{t('exams.status')}</Table.Th>
            <Table.Th>{t('exams.readingDueAt')}</Table.Th>
            <Table.Th>{t('exams.notes')}</Table.Th>
            {editable && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {exams.map((exam) => {
            const overdue = isReadingOverdue({ ...exam, now: Date.now() }, NCT04223817);
            return (
              <Table.Tr key={String(exam.id)}>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  <Anchor
                    component={Link}
                    to={`/participants/${encodeURIComponent(code)}/exams/${encodeURIComponent(String(exam.id))}`}
                    ff="monospace"
                    size="sm"
                  >
                    {exam.examCode}
                  </Anchor>
                </Table.Td>
                <Table.Td>{fmt.dateTime(exam.acquiredAt)}</Table.Td>
                <Table.Td>{labels.hands(exam.hands)}</Table.Td>
                <Table.Td>{exam.scanner || EMPTY}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={EXAM_COLOR[exam.status] ?? 'gray'} tt="none" radius="sm">
                    {labels.examStatus(exam.status)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <span>{fmt.dateTime(exam.readingDueAt)}</span>
                    {overdue && (
                      <Badge color="red" variant="filled" tt="none" radius="sm" size="sm">
                        {t('worklist.overdue')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {exam.notes || EMPTY}
                  </Text>
                </Table.Td>
                {editable && (
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => setEditingId(String(exam.id))}
                      aria-label={t('exams.editExam', { exam: exam.examCode })}
                    >
                      {t('actions.edit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
          {exams.length === 0 && (
            <EmptyRow colSpan={editable ? 8 : 7}>
              {editable ? t('exams.emptyAdd') : t('exams.empty')}
            </EmptyRow>
          )}
        </Table.Tbody>
      </DenseTable>
      <Modal opened={adding} onClose={addModal.close} title={t('exams.addFor', { code })} size="lg">
        <ExamForm code={code} onClose={addModal.close} />
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditingId(null)}
        title={editing ? t('exams.editTitle', { exam: editing.examCode }) : ''}
        size="lg"
      >
        {editing && <ExamForm code={code} exam={editing} onClose={() => setEditingId(null)} />}
      </Modal>
    </Section>
  );
}

function ExamForm({ code, exam, onClose }: { code: string; exam?: Exam; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [reasonShown, setReasonShown] = useState(false);
  const nowLocal = toDateTimeLocal(new Date().toISOString());
  const valuesOf = (e: Exam | undefined) => ({
    acquiredAt: toDateTimeLocal(e?.acquiredAt),
    hands: (e?.hands ?? 'both') as string,
    scanner: e?.scanner ?? '',
    notes: e?.notes ?? '',
    status: (e?.status ?? '') as string,
    reason: '',
  });
  const form = useForm({
    initial: valuesOf(exam),
    draftKey: exam ? `exam:${String(exam.id)}` : `exam-new:${code}`,
    validate: (v) => ({
      acquiredAt:
        !v.acquiredAt && exam && v.status !== 'scheduled'
          ? t('exams.acquiredAtRequired')
          : v.acquiredAt && v.acquiredAt > nowLocal
            ? t('validation.notInFuture')
            : undefined,
      scanner: v.scanner.trim().length > 200 ? t('validation.maxLength', { max: 200 }) : undefined,
      notes: v.notes.length > 4000 ? t('validation.maxLength', { max: 4000 }) : undefined,
      reason: reasonShown && !v.reason.trim() ? t('validation.reasonRequired') : undefined,
    }),
  });
  const { mutation, reload } = useRecordSave({
    code,
    mutationFn: (body: Record<string, unknown>) =>
      exam
        ? api.patch<Exam>(`/api/exams/${encodeURIComponent(String(exam.id))}`, body)
        : api.post<Exam>(`/api/participants/${encodeURIComponent(code)}/exams`, body),
    form,
    successMessage: (saved) => t('exams.saved', { exam: saved?.examCode ?? exam?.examCode ?? '' }),
    onDone: onClose,
    onReasonDemanded: () => setReasonShown(true),
  });

  useRebaseOnVersion(form, exam?.version ?? 0, () => valuesOf(exam));

  function submit(v: ReturnType<typeof valuesOf>) {
    const initial = form.initial;
    const fields = {
      acquiredAt: fromDateTimeLocal(v.acquiredAt),
      hands: v.hands,
      scanner: v.scanner.trim(),
      notes: v.notes.trim(),
    };
    if (!exam) {
      mutation.mutate(fields);
      return;
    }
    const body: Record<string, unknown> = { version: exam.version };
    if (v.acquiredAt !== initial.acquiredAt) body.acquiredAt = fields.acquiredAt;
    if (v.hands !== initial.hands) body.hands = fields.hands;
    if (fields.scanner !== initial.scanner) body.scanner = fields.scanner;
    if (fields.notes !== initial.notes) body.notes = fields.notes;
    if (v.status !== initial.status) body.status = v.status;
    if (v.reason.trim()) body.reason = v.reason.trim();
    mutation.mutate(body);
  }

  return (
    <ModalForm
      onSubmit={form.onSubmit(submit)}
      onCancel={onClose}
      submitLabel={exam ? t('actions.save') : t('exams.add')}
      pending={mutation.isPending}
      error={mutation.error}
      shownFields={['acquiredAt', 'hands', 'scanner', 'notes', 'status', 'reason']}
      onReload={reload}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
      submitDisabled={exam !== undefined && !form.dirty}
    >
      <TextInput
        type="datetime-local"
        label={t('exams.acquiredAt')}
        description={`${t('exams.timeZoneHint', { zone: browserTimeZone() })} ${exam ? '' : t('exams.scheduleHint')}`.trim()}
        max={nowLocal}
        data-autofocus
        {...form.text('acquiredAt')}
      />
      <NativeSelect
        label={t('exams.hands')}
        required
        data={HANDS.map((h) => ({ value: h, label: labels.hands(h) }))}
        {...form.text('hands')}
      />
      <TextInput
        label={t('exams.scanner')}
        description={t('exams.scannerHint')}
        maxLength={200}
        {...form.text('scanner')}
      />
      <Textarea
        label={t('exams.notes')}
        autosize
        minRows={2}
        maxRows={6}
        maxLength={4000}
        {...form.text('notes')}
      />
      {exam && (
        <NativeSelect
          label={t('exams.status')}
          required
          data={EXAM_STATUSES.map((s) => ({ value: s, label: labels.examStatus(s) }))}
          {...form.text('status')}
        />
      )}
      {reasonShown && <ReasonField {...form.text('reason')} />}
    </ModalForm>
  );
}
