import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  canSign,
  canUnlock,
  canVerify,
  editNeedsReason,
  type FormStatusOrNew,
} from '../../../../src/core/forms/lifecycle.ts';
import { ApiError } from '../../api/client.ts';
import type { FormRecord } from '../../api/forms.ts';
import { FormErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAuth } from '../../lib/auth.tsx';
import type { FormActions } from './useFormActions.ts';

/**
 * The actions on a form, beside it: save (as a draft, complete, or reopened), verify, sign, unlock, with the
 * refusal of the last attempt. Nothing shows when the user may do nothing with the form.
 */
export function FormActionsPanel({
  actions,
  status,
  record,
  editable,
  dirty,
  invalidCount,
  onSign,
  onUnlock,
  onReload,
}: {
  actions: FormActions;
  status: FormStatusOrNew;
  record: FormRecord | null;
  editable: boolean;
  /** The typed input differs from the record. */
  dirty: boolean;
  /** How many items the shared validation finds invalid. */
  invalidCount: number;
  onSign: () => void;
  onUnlock: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { save, verify, saveError, reasonFor, requestSave } = actions;
  // Declared complete (complete or verified): the very statuses in which an edit needs a reason.
  const complete = editNeedsReason(status);
  const canVerifyNow = can('form.verify') && canVerify(status) && record !== null;
  const canSignNow = can('form.sign') && canSign(status) && record !== null;
  const canUnlockNow = can('form.unlock') && canUnlock(status) && record !== null;
  const shownFields =
    saveError instanceof ApiError
      ? saveError.fields.map((f) => f.path).filter((p) => p.startsWith('values.'))
      : [];
  if (!(editable || canVerifyNow || canSignNow || canUnlockNow || status === 'locked' || saveError !== null))
    return null;
  return (
    <Paper withBorder p="sm" radius="sm">
      <Stack gap="xs">
        {!reasonFor && <FormErrorAlert error={saveError} shownFields={shownFields} onReload={onReload} />}
        {actions.attempted && invalidCount > 0 && (
          <Alert color="red" variant="light" role="alert" p="xs">
            <Text size="sm">{t('ecrf.fixBeforeSaving', { count: invalidCount })}</Text>
          </Alert>
        )}
        {editable && (
          <Group gap="xs">
            <Button
              type="submit"
              variant={complete ? 'filled' : 'default'}
              loading={save.isPending && save.variables?.target === (complete ? 'complete' : 'in_progress')}
              disabled={!dirty && status !== 'not_started'}
            >
              {complete ? t('ecrf.saveChanges') : t('ecrf.saveDraft')}
            </Button>
            {!complete && (
              <Button
                onClick={() => requestSave('complete')}
                loading={save.isPending && save.variables?.target === 'complete'}
              >
                {t('ecrf.markComplete')}
              </Button>
            )}
            {complete && (
              <Button variant="subtle" onClick={() => requestSave('in_progress')} disabled={save.isPending}>
                {t('ecrf.reopen')}
              </Button>
            )}
          </Group>
        )}
        {dirty && (
          <Text size="xs" c="orange" fw={600}>
            <span aria-hidden>● </span>
            {t('ecrf.unsaved')}
          </Text>
        )}
        {canVerifyNow && record && (
          <Button variant="default" onClick={() => verify.mutate(record.version)} loading={verify.isPending}>
            {t('ecrf.verify')}
          </Button>
        )}
        {canSignNow && (
          <Stack gap={2}>
            <Button onClick={onSign} disabled={dirty}>
              {t('ecrf.signForm')}
            </Button>
            {dirty && (
              <Text size="xs" c="dimmed">
                {t('ecrf.saveBeforeSigning')}
              </Text>
            )}
          </Stack>
        )}
        {canUnlockNow && (
          <Button variant="default" color="red" onClick={onUnlock}>
            {t('ecrf.unlock')}
          </Button>
        )}
        {status === 'locked' && (
          <Text size="xs" c="dimmed">
            {t('ecrf.lockedNote')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
