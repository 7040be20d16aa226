import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from './ErrorAlert.tsx';

interface ModalFormProps {
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  shownFields: readonly string[];
  onReload?: () => void;
  draftRestored?: boolean;
  onDiscardDraft?: () => void;
  submitDisabled?: boolean;
  children: ReactNode;
}

/** The body of every modal form: a real <form> (Enter submits), errors, fields, then Cancel / Save. */
export function ModalForm({
  onSubmit,
  onCancel,
  submitLabel,
  pending,
  error,
  shownFields,
  onReload,
  draftRestored,
  onDiscardDraft,
  submitDisabled,
  children,
}: ModalFormProps) {
  const { t } = useTranslation();
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {draftRestored && onDiscardDraft && (
          <Alert variant="light" color="gray" p="xs">
            <Group justify="space-between" gap="xs">
              <Text size="sm">{t('forms.draftRestored')}</Text>
              <Button size="compact-xs" variant="subtle" onClick={onDiscardDraft}>
                {t('forms.discardDraft')}
              </Button>
            </Group>
          </Alert>
        )}
        <FormErrorAlert error={error} shownFields={shownFields} onReload={onReload} />
        {children}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" loading={pending} disabled={submitDisabled}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
