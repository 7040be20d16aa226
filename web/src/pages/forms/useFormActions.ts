import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { editNeedsReason, type FormStatusOrNew } from '../../../../src/core/forms/lifecycle.ts';
import type { InstrumentDefinition } from '../../../../src/core/instruments/types.ts';
import type { ValidatedInput } from '../../../../src/core/instruments/validate.ts';
import { api, ApiError } from '../../api/client.ts';
import {
  formKeys,
  formUrl,
  useInvalidateForm,
  type FormDetail,
  type FormKey,
  type FormRecord,
} from '../../api/forms.ts';
import { toApiValues, type FormInput } from '../../lib/instrument-form.ts';
import type { InstrumentForm } from '../../lib/useInstrumentForm.ts';
import { demandsReason } from '../participant/shared.tsx';
import { itemInputId } from './fields/ItemField.tsx';
import { firstInvalidItem } from './item-issues.ts';

export type SaveStatus = 'in_progress' | 'complete';

function focusItem(id: string | undefined) {
  if (!id) return;
  window.setTimeout(() => {
    const element = document.getElementById(itemInputId(id));
    element?.scrollIntoView({ block: 'center' });
    element?.focus();
  }, 0);
}

/**
 * What a form page does with its record: save it (as a draft or complete, asking for a reason once the data were
 * declared complete), verify it, and adopt what the server returns, signatures and unlocks included.
 */
export function useFormActions({
  formKey,
  definition,
  status,
  record,
  form,
  validated,
}: {
  formKey: FormKey;
  definition: InstrumentDefinition;
  status: FormStatusOrNew;
  record: FormRecord | null;
  form: InstrumentForm;
  /** The shared validation of what is typed now: a save waits until it finds no issue. */
  validated: ValidatedInput;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateForm(formKey);
  const [saveError, setSaveError] = useState<unknown>(null);
  // What was sent when the server refused, so that its messages stand until the item is edited.
  const [errorInput, setErrorInput] = useState<FormInput | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [reasonFor, setReasonFor] = useState<SaveStatus | null>(null);

  function adopt(saved: FormRecord) {
    form.adopt(saved);
    queryClient.setQueryData<FormDetail>(formKeys.detail(formKey), (old) =>
      old ? { ...old, status: saved.status, record: saved } : old,
    );
    invalidate();
  }

  const save = useMutation({
    mutationFn: ({ body }: { body: Record<string, unknown>; target: SaveStatus }) =>
      api.put<FormRecord>(formUrl(formKey), body),
    onMutate: () => setSaveError(null),
    onSuccess: (saved) => {
      setReasonFor(null);
      setAttempted(false);
      adopt(saved);
      notifications.show({
        color: saved.warnings.length ? 'yellow' : 'green',
        message:
          (saved.status === 'complete' ? t('ecrf.savedComplete') : t('ecrf.savedDraft')) +
          (saved.warnings.length ? ` ${t('ecrf.savedWithWarnings', { count: saved.warnings.length })}` : ''),
      });
    },
    onError: (error, { target }) => {
      setSaveError(error);
      setErrorInput(form.input);
      if (demandsReason(error)) {
        setReasonFor(target);
        return;
      }
      setReasonFor(null);
      if (error instanceof ApiError) focusItem(firstInvalidItem(definition, error.fields));
    },
  });

  const verify = useMutation({
    mutationFn: (version: number) => api.post<FormRecord>(`${formUrl(formKey)}/verify`, { version }),
    onMutate: () => setSaveError(null),
    onSuccess: (saved) => {
      adopt(saved);
      notifications.show({ color: 'green', message: t('ecrf.verified') });
    },
    onError: (error) => setSaveError(error),
  });

  function send(target: SaveStatus, reason?: string) {
    const body: Record<string, unknown> = {
      version: record?.version ?? 0,
      values: toApiValues(definition, form.input),
      status: target,
    };
    if (definition.variants?.length && form.variant) body.variant = form.variant;
    if (reason) body.reason = reason;
    save.mutate({ body, target });
  }

  /** Saves with the given status, unless the typed input has issues or the change needs a reason first. */
  function requestSave(target: SaveStatus) {
    setAttempted(true);
    if (validated.issues.length) {
      setSaveError(null);
      focusItem(firstInvalidItem(definition, validated.issues));
      return;
    }
    if (editNeedsReason(status)) {
      save.reset();
      setReasonFor(target);
      return;
    }
    send(target);
  }

  return {
    save,
    verify,
    adopt,
    invalidate,
    requestSave,
    /** The form's submit (Enter): a form declared complete stays complete, any other is saved as a draft. */
    submit: () => requestSave(editNeedsReason(status) ? 'complete' : 'in_progress'),
    /** The save waiting for a reason for change, if any. */
    reasonFor,
    saveWithReason: (reason: string) => reasonFor && send(reasonFor, reason),
    cancelReason: () => setReasonFor(null),
    /** The last refusal of a save or verification (cleared when the next one starts). */
    saveError,
    errorInput,
    /** A save was asked for since the last success: the count of invalid items is worth showing. */
    attempted,
  };
}

export type FormActions = ReturnType<typeof useFormActions>;
