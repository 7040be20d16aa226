import {
  Modal,
  NativeSelect,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonField } from '../../components/ReasonField.tsx';
import {
  SIGNATURE_MEANING_TEXT,
  SIGNATURE_MEANINGS,
  type SignatureMeaning,
} from '../../../../src/core/forms/lifecycle.ts';
import type { InstrumentDefinition } from '../../../../src/core/instruments/types.ts';
import { api, ApiError } from '../../api/client.ts';
import { formUrl, type DataQuery, type FormKey, type FormRecord, type Signature } from '../../api/forms.ts';
import { FormStatusIcon } from '../../components/FormStatusBadge.tsx';
import { ModalForm } from '../../components/ModalForm.tsx';
import { useInstrumentText } from '../../lib/instrument-labels.ts';
import { browserTimeZone, useFormat } from '../../lib/format.ts';

/** Enter submits a one-paragraph answer (Shift+Enter for a new line), as Enter submits every other form. */
function submitOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

const fieldError = (error: unknown, name: string): string | undefined =>
  error instanceof ApiError ? error.fieldMessage(name) : undefined;

/** The reason for changing data declared complete (audited), asked before the save is sent. */
export function ReasonDialog({
  opened,
  onClose,
  onSubmit,
  pending,
  error,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => void;
  pending: boolean;
  error: unknown;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const missing = reason.trim() === '';
  return (
    <Modal opened={opened} onClose={onClose} title={t('ecrf.reasonTitle')}>
      <ModalForm
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (!missing) onSubmit(reason.trim());
        }}
        onCancel={onClose}
        submitLabel={t('actions.save')}
        pending={pending}
        error={error}
        shownFields={['reason']}
        onReload={onReload}
      >
        <ReasonField
          description={t('ecrf.reasonHint')}
          data-autofocus
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          onKeyDown={submitOnEnter}
          error={
            (tried && missing ? t('validation.reasonRequired') : undefined) ?? fieldError(error, 'reason')
          }
        />
      </ModalForm>
    </Modal>
  );
}

/**
 * The electronic signature (21 CFR 11.50, 11.200): the signer re-enters the password and states the meaning.
 * The password is never kept (no draft).
 */
export function SignDialog({
  opened,
  onClose,
  formKey,
  version,
  signerName,
  onSigned,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  formKey: FormKey;
  version: number;
  signerName: string;
  onSigned: (record: FormRecord) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const [password, setPassword] = useState('');
  const [meaning, setMeaning] = useState<SignatureMeaning | ''>('');
  const [tried, setTried] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: { version: number; password: string; meaning: SignatureMeaning }) =>
      api.post<FormRecord>(`${formUrl(formKey)}/sign`, body),
    onSuccess: (record) => {
      setPassword('');
      onSigned(record);
    },
    onError: () => setPassword(''),
  });
  const close = () => {
    setPassword('');
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('ecrf.signTitle')}>
      <ModalForm
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (!password || !meaning) return;
          mutation.mutate({ version, password, meaning });
        }}
        onCancel={close}
        submitLabel={t('ecrf.sign')}
        pending={mutation.isPending}
        error={mutation.error}
        shownFields={['password', 'meaning']}
        onReload={() => {
          mutation.reset();
          onReload();
        }}
      >
        <Text size="sm">{t('ecrf.signIntro', { name: signerName })}</Text>
        <PasswordInput
          label={t('ecrf.signPassword')}
          description={t('ecrf.signPasswordHint')}
          required
          data-autofocus
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            if (mutation.error) mutation.reset();
          }}
          error={
            fieldError(mutation.error, 'password')
              ? t('ecrf.wrongPassword')
              : tried && !password
                ? t('validation.required')
                : undefined
          }
        />
        <Radio.Group
          label={t('ecrf.meaning')}
          required
          value={meaning}
          onChange={(v) => setMeaning(v as SignatureMeaning)}
          error={
            (tried && !meaning ? t('ecrf.meaningRequired') : undefined) ??
            fieldError(mutation.error, 'meaning')
          }
        >
          <Stack
            gap={6}
            mt={4}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              (event.target as HTMLInputElement).form?.requestSubmit();
            }}
          >
            {SIGNATURE_MEANINGS.map((m) => (
              <Radio key={m} value={m} label={SIGNATURE_MEANING_TEXT[m][text.language]} />
            ))}
          </Stack>
        </Radio.Group>
      </ModalForm>
    </Modal>
  );
}

/** Unlocking voids the signature; the reason is audited. */
export function UnlockDialog({
  opened,
  onClose,
  formKey,
  version,
  onUnlocked,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  formKey: FormKey;
  version: number;
  onUnlocked: (record: FormRecord) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: { version: number; reason: string }) =>
      api.post<FormRecord>(`${formUrl(formKey)}/unlock`, body),
    onSuccess: (record) => {
      setReason('');
      onUnlocked(record);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('ecrf.unlockTitle')}>
      <ModalForm
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (reason.trim()) mutation.mutate({ version, reason: reason.trim() });
        }}
        onCancel={onClose}
        submitLabel={t('ecrf.unlock')}
        pending={mutation.isPending}
        error={mutation.error}
        shownFields={['reason']}
        onReload={() => {
          mutation.reset();
          onReload();
        }}
      >
        <Text size="sm">{t('ecrf.unlockIntro')}</Text>
        <ReasonField
          description={null}
          data-autofocus
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          onKeyDown={submitOnEnter}
          error={
            (tried && !reason.trim() ? t('validation.reasonRequired') : undefined) ??
            fieldError(mutation.error, 'reason')
          }
        />
      </ModalForm>
    </Modal>
  );
}

/** A monitor or data manager asks about one item. */
export function OpenQueryDialog({
  opened,
  onClose,
  formKey,
  definition,
  initialItem,
  onOpened,
}: {
  opened: boolean;
  onClose: () => void;
  formKey: FormKey;
  definition: InstrumentDefinition;
  initialItem: string;
  onOpened: (query: DataQuery) => void;
}) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const [itemId, setItemId] = useState(initialItem);
  const [question, setQuestion] = useState('');
  const [tried, setTried] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: { itemId: string; question: string }) =>
      api.post<DataQuery>(`${formUrl(formKey)}/queries`, body),
    onSuccess: (query) => {
      setQuestion('');
      onOpened(query);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('queries.raiseTitle')}>
      <ModalForm
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (question.trim()) mutation.mutate({ itemId, question: question.trim() });
        }}
        onCancel={onClose}
        submitLabel={t('queries.raise')}
        pending={mutation.isPending}
        error={mutation.error}
        shownFields={['itemId', 'question']}
      >
        <NativeSelect
          label={t('queries.item')}
          value={itemId}
          onChange={(e) => setItemId(e.currentTarget.value)}
          data={definition.items.map((i) => ({ value: i.id, label: text.text(i.label) }))}
          error={fieldError(mutation.error, 'itemId')}
        />
        <Textarea
          label={t('queries.question')}
          required
          data-autofocus
          autosize
          minRows={2}
          maxLength={2000}
          value={question}
          onChange={(e) => setQuestion(e.currentTarget.value)}
          onKeyDown={submitOnEnter}
          error={
            (tried && !question.trim() ? t('validation.required') : undefined) ??
            fieldError(mutation.error, 'question')
          }
        />
      </ModalForm>
    </Modal>
  );
}

/** A date-time with the browser's named time zone added when the short zone name does not already say it. */
function withZone(formatted: string): string {
  const zone = browserTimeZone();
  return formatted.includes(zone) ? formatted : `${formatted} (${zone})`;
}

/** The signature manifestation of 21 CFR 11.50: printed name, date and time with the zone, and the meaning. */
export function SignatureBlock({ signature }: { signature: Signature }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = useInstrumentText();
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      component="section"
      aria-labelledby="signature-heading"
      data-testid="signature-block"
      style={{ borderColor: 'var(--mantine-color-indigo-4)', background: 'var(--mantine-color-indigo-0)' }}
    >
      <Title order={2} size="h5" id="signature-heading">
        <FormStatusIcon status="locked" size={14} /> {t('ecrf.signedTitle')}
      </Title>
      <Stack gap={2} mt={4}>
        <Text size="sm">
          <Text component="span" fw={600}>
            {text.colon(t('ecrf.signedBy'))}
          </Text>{' '}
          {signature.signedByName} ({signature.signedBy})
        </Text>
        <Text size="sm">
          <Text component="span" fw={600}>
            {text.colon(t('ecrf.signedAt'))}
          </Text>{' '}
          {withZone(fmt.dateTime(signature.signedAt))}
        </Text>
        <Text size="sm">
          <Text component="span" fw={600}>
            {text.colon(t('ecrf.meaning'))}
          </Text>{' '}
          {text.text(signature.statement)}
        </Text>
      </Stack>
    </Paper>
  );
}
