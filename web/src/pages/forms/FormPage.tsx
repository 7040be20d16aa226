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
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { FieldIssue } from '../../../../src/core/errors.ts';
import { canEdit } from '../../../../src/core/forms/lifecycle.ts';
import { findInstrument } from '../../../../src/core/instruments/registry.ts';
import { scoreValidated } from '../../../../src/core/instruments/score.ts';
import type { InstrumentDefinition, ScoreResult } from '../../../../src/core/instruments/types.ts';
import { ApiError } from '../../api/client.ts';
import { useFormDetail, type FormDetail, type FormKey } from '../../api/forms.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { EMPTY } from '../../lib/format.ts';
import {
  groupBySection,
  itemOfPath,
  sharedHelp,
  sharedLevels,
  validateInput,
} from '../../lib/instrument-form.ts';
import { useInstrumentText } from '../../lib/instrument-labels.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { useInstrumentForm } from '../../lib/useInstrumentForm.ts';
import { demandsReason } from '../participant/shared.tsx';
import { OpenQueryDialog, ReasonDialog, SignatureBlock, SignDialog, UnlockDialog } from './FormDialogs.tsx';
import { ItemField } from './fields/ItemField.tsx';
import { issueText, warningText } from './messages.ts';
import { QueriesPanel } from './QueriesPanel.tsx';
import { ScorePanel } from './ScorePanel.tsx';
import { FormActionsPanel } from './FormActionsPanel.tsx';
import { FormHeader } from './FormHeader.tsx';
import { itemMessages } from './item-issues.ts';
import { useFormActions } from './useFormActions.ts';

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
  const { can, session } = useAuth();
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

  const actions = useFormActions({ formKey, definition, status, record, form, validated });
  const { save, saveError, reasonFor } = actions;
  const [signing, setSigning] = useState(false);
  const [unlocking, setUnlocking] = useState(false);
  const [queryItem, setQueryItem] = useState<string | null>(null);

  // Messages next to each item: the shared validation as you type, then what the server refused (until edited).
  const translate = (issue: FieldIssue) => ({
    path: issue.path,
    message: issueText(definition, issue, t, lang),
  });
  const messages = itemMessages(
    definition,
    form.input,
    validated.issues.map(translate),
    saveError instanceof ApiError && actions.errorInput
      ? { fields: saveError.fields.map(translate), input: actions.errorInput }
      : null,
  );
  const warnings = new Map(validated.warnings.map((w) => [w.path, warningText(definition, w, lang)]));
  const reasons = new Set(Array.isArray(preview?.reasons) ? (preview.reasons as string[]) : []);
  const precautions = new Set(Array.isArray(preview?.precautions) ? (preview.precautions as string[]) : []);
  const groups = groupBySection(definition.items);
  const canRaise = can('query.open') && record !== null;
  const invalidCount = new Set(validated.issues.map((i) => itemOfPath(i.path))).size;

  return (
    <>
      <FormHeader formKey={formKey} definition={definition} status={status} record={record} />

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
          if (editable) actions.submit();
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
                      errors={messages.get(item.id) ?? []}
                      fieldErrors={messages}
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
          <FormActionsPanel
            actions={actions}
            status={status}
            record={record}
            editable={editable}
            dirty={dirty}
            invalidCount={invalidCount}
            onSign={() => setSigning(true)}
            onUnlock={() => setUnlocking(true)}
            onReload={onReload}
          />
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
          onChanged={actions.invalidate}
          onRaise={canRaise ? () => setQueryItem(definition.items[0]?.id ?? '') : undefined}
        />
      )}

      {reasonFor !== null && (
        <ReasonDialog
          opened
          onClose={actions.cancelReason}
          onSubmit={actions.saveWithReason}
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
            actions.adopt(saved);
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
            actions.adopt(saved);
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
            actions.invalidate();
            notifications.show({ color: 'green', message: t('queries.raised') });
          }}
        />
      )}
    </>
  );
}
