import { List, Modal, PasswordInput, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { ModalForm } from '../../components/ModalForm.tsx';
import { toLanguage } from '../../i18n/index.ts';
import { fieldIssueText } from './form-model.ts';

export interface SubmitDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  intro: string;
  /** Where the signed submission goes (`…/submit`, `…/adjudicate`). */
  url: string;
  /** Sends what is pending first and gives the version to submit against. */
  prepare: () => Promise<number>;
  /** The rest of the body (the adjudicator's choices). */
  body?: Record<string, unknown>;
  onDone: () => void;
  onReload: () => void;
}

/**
 * The electronic signature of a read or an adjudication: the reader re-enters the password (the same check as forms).
 * An incomplete reading comes back as 422 naming every missing field, listed here. The password is never kept.
 */
export function SubmitDialog({
  opened,
  onClose,
  title,
  intro,
  url,
  prepare,
  body,
  onDone,
  onReload,
}: SubmitDialogProps) {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const mutation = useMutation({
    mutationFn: async () => {
      const version = await prepare();
      return api.post<unknown>(url, { ...body, version, password });
    },
    onSuccess: () => {
      setPassword('');
      onDone();
    },
    onError: () => {
      setPassword('');
      setTried(false);
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const wrongPassword = !!error?.fieldMessage('password');
  const fieldIssues = error?.status === 422 ? error.fields.filter((f) => !f.path.endsWith('password')) : [];
  const close = () => {
    setPassword('');
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title}>
      <ModalForm
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (password) mutation.mutate();
        }}
        onCancel={close}
        submitLabel={t('reading.submit.sign')}
        pending={mutation.isPending}
        error={fieldIssues.length > 0 ? null : mutation.error}
        shownFields={['password']}
        onReload={() => {
          mutation.reset();
          onReload();
        }}
      >
        <Text size="sm">{intro}</Text>
        {fieldIssues.length > 0 && (
          <div role="alert">
            <Text size="sm" fw={600} c="red">
              {t('reading.submit.incomplete', { count: fieldIssues.length })}
            </Text>
            <List size="xs" mah={160} style={{ overflow: 'auto' }}>
              {fieldIssues.map((issue) => (
                <List.Item key={issue.path}>{fieldIssueText(issue, language)}</List.Item>
              ))}
            </List>
          </div>
        )}
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
            wrongPassword
              ? t('ecrf.wrongPassword')
              : tried && !password
                ? t('validation.required')
                : undefined
          }
        />
      </ModalForm>
    </Modal>
  );
}
