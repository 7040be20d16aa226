import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  NativeSelect,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { FieldIssue } from '../../../../src/core/errors.ts';
import {
  canEdit,
  canSign,
  canUnlock,
  canVerify,
  editNeedsReason,
} from '../../../../src/core/forms/lifecycle.ts';
import { findInstrument } from '../../../../src/core/instruments/registry.ts';
import { scoreValidated } from '../../../../src/core/instruments/score.ts';
import type { InstrumentDefinition, ScoreResult } from '../../../../src/core/instruments/types.ts';
import { api, ApiError } from '../../api/client.ts';
import {
  formKeys,
  formUrl,
  useFormDetail,
  useInvalidateForm,
  type FormDetail,
  type FormKey,
  type FormRecord,
} from '../../api/forms.ts';
import { useStudy } from '../../api/queries.ts';
import { FormErrorAlert, QueryError } from '../../components/ErrorAlert.tsx';
import { FormStatusBadge } from '../../components/FormStatusBadge.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { EMPTY, useFormat } from '../../lib/format.ts';
import {
  groupBySection,
  issuesByPath,
  itemOfPath,
  sameRaw,
  sharedHelp,
  sharedLevels,
  toApiValues,
  validateInput,
  type FormInput,
} from '../../lib/instrument-form.ts';
import { useInstrumentText } from '../../lib/instrument-labels.ts';
import { useLabels } from '../../lib/labels.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { useInstrumentForm } from '../../lib/useInstrumentForm.ts';
import { demandsReason } from '../participant/shared.tsx';
import { OpenQueryDialog, ReasonDialog, SignatureBlock, SignDialog, UnlockDialog } from './FormDialogs.tsx';
import { ItemField, itemInputId } from './fields/ItemField.tsx';
import { issueText, warningText } from './messages.ts';
import { QueriesPanel } from './QueriesPanel.tsx';
import { ScorePanel } from './ScorePanel.tsx';

type SaveStatus = 'in_progress' | 'complete';

/** `/participants/:code/forms/:visit/:instrument`: one eCRF form, rendered from its instrument definition. */
export function FormPage() {
  const { code = '', visit = '', instrument = '' } = useParams();
  const { t } = useTranslation();
  const text = useInstrumentText();
  const definition = findInstrument(instrument);
  const formKey = useMemo(() => ({ code, visit, instrument }), [code, visit, instrument]);
  const detail = useFormDetail(formKey);
  const title = definition ? text.text(definition.title) : instrument;
  usePageTitle(t('ecrf.pageTitle', { form: title, code, visit }));

  const breadcrumbs = (
    <Breadcrumbs aria-label={t('participant.breadcrumb')} separator="›">
      <Anchor component={Link} to="/participants" size="sm">
        {t('participants.title')}
      </Anchor>
      <Anchor component={Link} to={`/participants/${encodeURIComponent(code)}`} size="sm">
        {code}
      </Anchor>
      <Text size="sm" aria-current="page">
        {visit} — {title}
      </Text>
    </Breadcrumbs>
  );

  if (!definition || detail.isError) {
    const notFound = !definition || (detail.error instanceof ApiError && detail.error.status === 404);
    return (
      <Stack maw={720}>
        {breadcrumbs}
        <Title order={1} size="h2">
          {title}
        </Title>
        {notFound ? (
          <Text>{t('ecrf.notFound', { code, visit, form: title })}</Text>
        ) : (
          <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
        )}
      </Stack>
    );
  }
  if (detail.isPending) {
    return (
      <Stack>
        {breadcrumbs}
        <Skeleton h={32} w={320} />
        <Skeleton h={400} />
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      {breadcrumbs}
      <FormEditor
        key={`${code}/${visit}/${instrument}`}
        formKey={formKey}
        definition={definition}
        detail={detail.data}
        onReload={() => void detail.refetch()}
      />
    </Stack>
  );
}

function firstInvalidItem(
  definition: InstrumentDefinition,
  issues: readonly FieldIssue[],
): string | undefined {
  const ids = new Set(issues.map((i) => itemOfPath(i.path)));
  return definition.items.find((i) => ids.has(i.id))?.id;
}

function focusItem(id: string | undefined) {
  if (!id) return;
  window.setTimeout(() => {
    const element = document.getElementById(itemInputId(id));
    element?.scrollIntoView({ block: 'center' });
    element?.focus();
  }, 0);
}

function FormEditor({
  formKey,
  definition,
  detail,
  onReload,
}: {
  formKey: FormKey;
  definition: InstrumentDefinition;
  detail: FormDetail;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const fmt = useFormat();
  const labels = useLabels();
  const study = useStudy();
  const { can, session } = useAuth();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateForm(formKey);
  const record = detail.record;
  const status = detail.status;
  const form = useInstrumentForm(
    definition,
    record,
    `form:${formKey.code}:${formKey.visit}:${formKey.instrument}`,
  );
  const editable = can('form.write') && canEdit(status);
  const lang = text.language;

  // What the page shows: the typed input while the form is editable, otherwise the record as stored (a draft left
  // from before the form was locked is neither shown nor saved).
  const input = editable ? form.input : form.base;
  const dirty = editable && form.dirty;
  const validated = useMemo(() => validateInput(definition, input), [definition, input]);
  const { preview, previewError } = useMemo((): { preview: ScoreResult | null; previewError: boolean } => {
    try {
      return { preview: scoreValidated(definition, validated, form.variant), previewError: false };
    } catch {
      return { preview: null, previewError: true };
    }
  }, [definition, validated, form.variant]);

  const [saveError, setSaveError] = useState<unknown>(null);
  const [errorInput, setErrorInput] = useState<FormInput | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [reasonFor, setReasonFor] = useState<SaveStatus | null>(null);
  const [signing, setSigning] = useState(false);
  const [unlocking, setUnlocking] = useState(false);
  const [queryItem, setQueryItem] = useState<string | null>(null);

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

  // Messages next to each item: the shared validation as you type, then what the server refused (until edited).
  const clientIssues = issuesByPath(
    validated.issues.map((i) => ({ path: i.path, message: issueText(definition, i, t, lang) })),
  );
  const serverIssues = new Map<string, string[]>();
  if (saveError instanceof ApiError && errorInput) {
    for (const f of saveError.fields) {
      const path = f.path.replace(/^values\./, '');
      const id = itemOfPath(path);
      if (!f.path.startsWith('values.') || !definition.items.some((i) => i.id === id)) continue;
      if (
        !sameRaw(form.input.values[id], errorInput.values[id]) ||
        form.input.codes[id] !== errorInput.codes[id]
      )
        continue;
      serverIssues.set(path, [...(serverIssues.get(path) ?? []), issueText(definition, f, t, lang)]);
    }
  }
  const messagesFor = (path: string) => {
    const all = [...(clientIssues.get(path) ?? []), ...(serverIssues.get(path) ?? [])];
    return [...new Set(all)];
  };
  const fieldErrors = new Map<string, string[]>();
  for (const [path, messages] of [...clientIssues, ...serverIssues])
    if (path.includes('[')) fieldErrors.set(path, [...(fieldErrors.get(path) ?? []), ...messages]);
  const warnings = new Map(validated.warnings.map((w) => [w.path, warningText(definition, w, lang)]));
  const reasons = new Set(Array.isArray(preview?.reasons) ? (preview.reasons as string[]) : []);
  const precautions = new Set(Array.isArray(preview?.precautions) ? (preview.precautions as string[]) : []);
  const groups = groupBySection(definition.items);
  const canRaise = can('query.open') && record !== null;
  const shownFields =
    saveError instanceof ApiError
      ? saveError.fields.map((f) => f.path).filter((p) => p.startsWith('values.'))
      : [];
  // Declared complete (complete or verified): the very statuses in which an edit needs a reason.
  const complete = editNeedsReason(status);
  const canVerifyNow = can('form.verify') && canVerify(status) && record !== null;
  const canSignNow = can('form.sign') && canSign(status) && record !== null;
  const canUnlockNow = can('form.unlock') && canUnlock(status) && record !== null;
  const showActions =
    editable || canVerifyNow || canSignNow || canUnlockNow || status === 'locked' || saveError !== null;
  const invalidCount = new Set(validated.issues.map((i) => itemOfPath(i.path))).size;
  const visitLabel = labels.visit(formKey.visit, study.data);

  return (
    <>
      <Paper withBorder p="sm" radius="sm">
        <Stack gap={6}>
          <Group gap="sm" align="center">
            <Title order={1} size="h2">
              {text.text(definition.title)}
            </Title>
            <FormStatusBadge status={status} size="lg" />
          </Group>
          <Group gap="lg">
            <Text size="sm">
              <Text component="span" c="dimmed">
                {text.colon(t('ecrf.participant'))}
              </Text>{' '}
              <Anchor
                component={Link}
                to={`/participants/${encodeURIComponent(formKey.code)}`}
                ff="monospace"
              >
                {formKey.code}
              </Anchor>
            </Text>
            <Text size="sm">
              <Text component="span" c="dimmed">
                {text.colon(t('visits.visit'))}
              </Text>{' '}
              {visitLabel}
            </Text>
            <Text size="sm">
              <Text component="span" c="dimmed">
                {text.colon(t('ecrf.definitionVersion'))}
              </Text>{' '}
              <span className="mono">
                {definition.id} {definition.version}
              </span>
            </Text>
            <Text size="sm">
              <Text component="span" c="dimmed">
                {text.colon(t('participants.updatedAt'))}
              </Text>{' '}
              {record ? `${fmt.dateTime(record.updatedAt)} (v${record.version})` : EMPTY}
            </Text>
            {record?.verifiedAt && (
              <Text size="sm">
                <Text component="span" c="dimmed">
                  {text.colon(t('ecrf.verifiedBy'))}
                </Text>{' '}
                {record.verifiedBy} · {fmt.dateTime(record.verifiedAt)}
              </Text>
            )}
          </Group>
          <details className="ecrf-citation">
            <summary>
              <Text component="span" size="sm" fw={600}>
                {t('ecrf.citation', { count: definition.citations.length })}
              </Text>
            </summary>
            <Stack gap={2} component="ol" mt={4} mb={0} pl="lg">
              {definition.citations.map((c) => (
                <Text component="li" size="sm" key={c}>
                  {c}
                </Text>
              ))}
            </Stack>
          </details>
        </Stack>
      </Paper>

      {record?.signature && <SignatureBlock signature={record.signature} />}
      {record && record.definitionVersion !== definition.version && (
        <Alert color="yellow" variant="light">
          {t('ecrf.definitionChanged', { stored: record.definitionVersion, current: definition.version })}
        </Alert>
      )}
      {form.draftRestored && form.dirty && (
        <Alert color="gray" variant="light" p="xs">
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              {editable ? t('forms.draftRestored') : t('ecrf.draftNotEditable')}
              {form.draftOutdated ? ` ${t('ecrf.draftOutdated')}` : ''}
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={form.discardDraft}>
              {t('forms.discardDraft')}
            </Button>
          </Group>
        </Alert>
      )}

      <form
        className="ecrf-layout"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (editable) requestSave(complete ? 'complete' : 'in_progress');
        }}
        aria-label={text.text(definition.title)}
      >
        <Stack gap="sm" className="ecrf-main">
          {definition.variants && definition.variants.length > 0 && (
            <Paper withBorder p="sm" radius="sm">
              {editable ? (
                <NativeSelect
                  label={t('ecrf.variant')}
                  description={text.text(
                    definition.variants.find((v) => v.name === form.variant)?.description,
                  )}
                  value={form.variant ?? ''}
                  onChange={(e) => form.setVariant(e.currentTarget.value)}
                  data={definition.variants.map((v, i) => ({
                    value: v.name,
                    label: i === 0 ? `${v.name} (${t('ecrf.defaultVariant')})` : v.name,
                  }))}
                />
              ) : (
                <Text size="sm">
                  <Text component="span" fw={600}>
                    {text.colon(t('ecrf.variant'))}
                  </Text>{' '}
                  {form.variant ?? EMPTY} —{' '}
                  {text.text(definition.variants.find((v) => v.name === form.variant)?.description)}
                </Text>
              )}
            </Paper>
          )}
          {editable && (
            <Text size="xs" c="dimmed" id="ecrf-keyboard-hint">
              {t('ecrf.keyboardHint')}
            </Text>
          )}
          {!editable && status !== 'locked' && !can('form.write') && (
            <Text size="xs" c="dimmed">
              {t('ecrf.readOnlyRole')}
            </Text>
          )}
          {groups.map((group, groupIndex) => {
            const shared = sharedHelp(group.items);
            const levels = sharedLevels(group.items);
            const sharedId = shared ? `group-help-${groupIndex}` : undefined;
            return (
              <Paper
                key={group.key}
                withBorder
                p="sm"
                radius="sm"
                component={group.section ? 'section' : 'div'}
                aria-label={group.section ? text.text(group.section) : undefined}
              >
                {group.section && (
                  <Title order={2} size="h5" mb="xs">
                    {text.text(group.section)}
                  </Title>
                )}
                {shared && (
                  <Text id={sharedId} size="sm" c="dimmed" mb="xs">
                    {text.text(shared)}
                  </Text>
                )}
                {levels && (
                  <Text size="sm" c="dimmed" mb="xs">
                    {levels.map((l) => `${l.value} = ${text.text(l.label)}`).join(' · ')}
                  </Text>
                )}
                <div className="ecrf-items">
                  {group.items.map((item) => (
                    <ItemField
                      key={item.id}
                      item={item}
                      raw={input.values[item.id] ?? null}
                      code={input.codes[item.id]}
                      onValue={form.setValue}
                      onCode={form.setCode}
                      errors={messagesFor(item.id)}
                      fieldErrors={fieldErrors}
                      warning={warnings.get(item.id)}
                      readOnly={!editable}
                      queries={detail.queries.filter((q) => q.itemId === item.id)}
                      onRaiseQuery={canRaise ? setQueryItem : undefined}
                      flag={
                        reasons.has(item.id) ? 'excludes' : precautions.has(item.id) ? 'caution' : undefined
                      }
                      sharedHelpId={sharedId}
                      sharedLevels={levels !== undefined}
                      masked={item.identifying === true && !can('identity.read')}
                    />
                  ))}
                </div>
              </Paper>
            );
          })}
        </Stack>

        <Stack gap="sm" className="ecrf-side" component="aside" aria-label={t('ecrf.sidePanel')}>
          {showActions && (
            <Paper withBorder p="sm" radius="sm">
              <Stack gap="xs">
                {!reasonFor && (
                  <FormErrorAlert error={saveError} shownFields={shownFields} onReload={onReload} />
                )}
                {attempted && validated.issues.length > 0 && (
                  <Alert color="red" variant="light" role="alert" p="xs">
                    <Text size="sm">{t('ecrf.fixBeforeSaving', { count: invalidCount })}</Text>
                  </Alert>
                )}
                {editable && (
                  <Group gap="xs">
                    <Button
                      type="submit"
                      variant={complete ? 'filled' : 'default'}
                      loading={
                        save.isPending && save.variables?.target === (complete ? 'complete' : 'in_progress')
                      }
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
                      <Button
                        variant="subtle"
                        onClick={() => requestSave('in_progress')}
                        disabled={save.isPending}
                      >
                        {t('ecrf.reopen')}
                      </Button>
                    )}
                  </Group>
                )}
                {dirty && (
                  <Text size="xs" c="orange.9" fw={600}>
                    <span aria-hidden>● </span>
                    {t('ecrf.unsaved')}
                  </Text>
                )}
                {canVerifyNow && record && (
                  <Button
                    variant="default"
                    onClick={() => verify.mutate(record.version)}
                    loading={verify.isPending}
                  >
                    {t('ecrf.verify')}
                  </Button>
                )}
                {canSignNow && (
                  <Stack gap={2}>
                    <Button onClick={() => setSigning(true)} disabled={dirty}>
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
                  <Button variant="default" color="red" onClick={() => setUnlocking(true)}>
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
          )}
          <ScorePanel
            definition={definition}
            preview={preview}
            previewError={previewError}
            stored={record?.score ?? null}
            storedAt={record?.updatedAt ?? null}
            codes={validated.missingCodes}
            storedCodes={record?.missingCodes ?? {}}
            invalidCount={invalidCount}
            dirty={dirty}
          />
        </Stack>
      </form>

      {(record || detail.queries.length > 0) && can('query.read') && (
        <QueriesPanel
          queries={detail.queries}
          definition={definition}
          onChanged={invalidate}
          onRaise={canRaise ? () => setQueryItem(definition.items[0]?.id ?? '') : undefined}
        />
      )}

      {reasonFor !== null && (
        <ReasonDialog
          opened
          onClose={() => setReasonFor(null)}
          onSubmit={(reason) => reasonFor && send(reasonFor, reason)}
          pending={save.isPending}
          error={demandsReason(saveError) ? saveError : null}
          onReload={onReload}
        />
      )}
      {record && signing && (
        <SignDialog
          opened
          onClose={() => setSigning(false)}
          formKey={formKey}
          version={record.version}
          signerName={session.user.displayName}
          onSigned={(saved) => {
            setSigning(false);
            adopt(saved);
            notifications.show({ color: 'green', message: t('ecrf.signed') });
          }}
          onReload={onReload}
        />
      )}
      {record && unlocking && (
        <UnlockDialog
          opened
          onClose={() => setUnlocking(false)}
          formKey={formKey}
          version={record.version}
          onUnlocked={(saved) => {
            setUnlocking(false);
            adopt(saved);
            notifications.show({ color: 'green', message: t('ecrf.unlocked') });
          }}
          onReload={onReload}
        />
      )}
      {queryItem !== null && (
        <OpenQueryDialog
          opened
          onClose={() => setQueryItem(null)}
          formKey={formKey}
          definition={definition}
          initialItem={queryItem}
          onOpened={() => {
            setQueryItem(null);
            invalidate();
            notifications.show({ color: 'green', message: t('queries.raised') });
          }}
        />
      )}
    </>
  );
}
