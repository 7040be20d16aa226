import { Badge, Box, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { canAnswerQuery, canCloseQuery, type QueryStatus } from '../../../../src/core/forms/lifecycle.ts';
import type { InstrumentDefinition } from '../../../../src/core/instruments/types.ts';
import { api } from '../../api/client.ts';
import type { DataQuery } from '../../api/forms.ts';
import { FormErrorAlert } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { itemLabel, useInstrumentText } from '../../lib/instrument-labels.ts';
import { useFormat } from '../../lib/format.ts';

export const QUERY_STATUS_COLOR: Record<QueryStatus, string> = {
  open: 'orange',
  answered: 'blue',
  closed: 'gray',
};

export function QueryStatusBadge({ status }: { status: QueryStatus }) {
  const { t } = useTranslation();
  const mark = status === 'open' ? '?' : status === 'answered' ? '↩' : '✓';
  return (
    <Badge
      color={QUERY_STATUS_COLOR[status]}
      variant={status === 'open' ? 'filled' : 'light'}
      tt="none"
      radius="sm"
      size="sm"
    >
      <span aria-hidden>{mark} </span>
      {t(`queryStatus.${status}`)}
    </Badge>
  );
}

function submitOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

/** Answer (investigator) or close (monitor, data manager) one query, inline. */
function QueryAction({
  query,
  kind,
  onDone,
}: {
  query: DataQuery;
  kind: 'answer' | 'close';
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post<DataQuery>(`/api/queries/${encodeURIComponent(query.id)}/${kind}`, body),
    onSuccess: () => {
      setOpen(false);
      setText('');
      notifications.show({
        color: 'green',
        message: kind === 'answer' ? t('queries.answered') : t('queries.closed'),
      });
      onDone();
    },
  });
  if (!open) {
    return (
      <Button
        size="compact-xs"
        variant={kind === 'answer' ? 'filled' : 'default'}
        onClick={() => setOpen(true)}
      >
        {kind === 'answer' ? t('queries.answer') : t('queries.close')}
      </Button>
    );
  }
  const required = kind === 'answer';
  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (required && !text.trim()) return;
    mutation.mutate(
      kind === 'answer'
        ? { version: query.version, answer: text.trim() }
        : { version: query.version, note: text.trim() || null },
    );
  }
  return (
    <Box component="form" onSubmit={submit} noValidate w="100%">
      <Stack gap={4}>
        <FormErrorAlert error={mutation.error} shownFields={['answer', 'note']} onReload={onDone} />
        <Textarea
          label={kind === 'answer' ? t('queries.yourAnswer') : t('queries.closeNote')}
          required={required}
          autosize
          minRows={2}
          maxLength={2000}
          autoFocus
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
            else submitOnEnter(e);
          }}
          error={tried && required && !text.trim() ? t('validation.required') : undefined}
        />
        <Group gap="xs" justify="flex-end">
          <Button size="compact-sm" variant="default" onClick={() => setOpen(false)}>
            {t('actions.cancel')}
          </Button>
          <Button size="compact-sm" type="submit" loading={mutation.isPending}>
            {kind === 'answer' ? t('queries.sendAnswer') : t('queries.close')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

export function QueryCard({
  query,
  definition,
  onChanged,
}: {
  query: DataQuery;
  definition: InstrumentDefinition | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = useInstrumentText();
  const { can } = useAuth();
  return (
    <Paper withBorder p="xs" radius="sm" id={`query-${query.id}`} data-query-status={query.status}>
      <Stack gap={4}>
        <Group gap="xs" justify="space-between">
          <Group gap="xs">
            <QueryStatusBadge status={query.status} />
            <Text size="sm" fw={600}>
              {itemLabel(definition, query.itemId, text.language)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t('queries.openedBy', { who: query.openedBy, when: fmt.dateTime(query.openedAt) })}
          </Text>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          <Text component="span" fw={600}>
            {text.colon(t('queries.question'))}
          </Text>{' '}
          {query.question}
        </Text>
        {query.answer && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Text component="span" fw={600}>
              {text.colon(t('queries.answerLabel'))}
            </Text>{' '}
            {query.answer}{' '}
            <Text component="span" size="xs" c="dimmed">
              ({t('queries.byAt', { who: query.answeredBy ?? '', when: fmt.dateTime(query.answeredAt) })})
            </Text>
          </Text>
        )}
        {query.status === 'closed' && (
          <Text size="sm" c="dimmed">
            {t('queries.closedBy', { who: query.closedBy ?? '', when: fmt.dateTime(query.closedAt) })}
            {query.closeNote ? ` — ${query.closeNote}` : ''}
          </Text>
        )}
        <Group gap="xs">
          {can('query.answer') && canAnswerQuery(query.status) && (
            <QueryAction query={query} kind="answer" onDone={onChanged} />
          )}
          {can('query.close') && canCloseQuery(query.status) && (
            <QueryAction query={query} kind="close" onDone={onChanged} />
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** The queries of one form, newest concerns first: open, then answered, then closed. */
export function QueriesPanel({
  queries,
  definition,
  onChanged,
  onRaise,
}: {
  queries: readonly DataQuery[];
  definition: InstrumentDefinition;
  onChanged: () => void;
  onRaise?: () => void;
}) {
  const { t } = useTranslation();
  const order: Record<QueryStatus, number> = { open: 0, answered: 1, closed: 2 };
  const sorted = [...queries].sort(
    (a, b) => order[a.status] - order[b.status] || a.openedAt.localeCompare(b.openedAt),
  );
  return (
    <Section
      title={t('queries.title')}
      actions={
        onRaise ? (
          <Button size="xs" variant="default" onClick={onRaise}>
            {t('queries.raise')}
          </Button>
        ) : undefined
      }
    >
      <div id="queries">
        <Stack gap="xs">
          {sorted.map((q) => (
            <QueryCard key={q.id} query={q} definition={definition} onChanged={onChanged} />
          ))}
          {sorted.length === 0 && (
            <Text size="sm" c="dimmed">
              {onRaise ? t('queries.emptyRaise') : t('queries.empty')}
            </Text>
          )}
        </Stack>
      </div>
    </Section>
  );
}
