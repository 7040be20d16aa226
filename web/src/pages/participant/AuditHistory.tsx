import { Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import type { AuditEvent } from '../../api/types.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { EMPTY, useFormat, type Formatters } from '../../lib/format.ts';
import { auditChanges } from '../../lib/audit.ts';
import { isRoleCode, useLabels } from '../../lib/labels.ts';

const FIRST_ROWS = 25;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A recorded value as a reviewer reads it: dates in the locale, lists and objects as compact JSON. */
function show(value: unknown, fmt: Formatters): string {
  if (value === undefined || value === null || value === '') return EMPTY;
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return fmt.date(value);
    if (ISO_INSTANT.test(value)) return fmt.dateTime(value);
    return value;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

export function AuditHistory({ code }: { code: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const [all, setAll] = useState(false);
  const audit = useQuery({
    queryKey: queryKeys.participantAudit(code),
    queryFn: ({ signal }) =>
      api.get<{ items: AuditEvent[] }>(`/api/participants/${encodeURIComponent(code)}/audit`, { signal }),
  });
  const events = [...(audit.data?.items ?? [])].sort((a, b) => b.seq - a.seq);
  const shown = all ? events : events.slice(0, FIRST_ROWS);

  return (
    <Section title={t('audit.title')}>
      {audit.isPending && <Skeleton h={80} />}
      {audit.isError && <QueryError error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data && (
        <Stack gap="xs">
          <DenseTable caption={t('audit.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('audit.when')}</Table.Th>
                <Table.Th>{t('audit.who')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.changes')}</Table.Th>
                <Table.Th>{t('common.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((event) => {
                const changes = auditChanges(event.before, event.after);
                return (
                  <Table.Tr key={event.seq}>
                    <Table.Td ff="monospace">{event.seq}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(event.ts)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {event.username}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {isRoleCode(event.role) ? labels.role(event.role) : event.role}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <span className="mono">{event.action}</span>
                      <Text size="xs" c="dimmed" title={`${event.entityType} ${event.entityId}`}>
                        {event.entityType}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {changes.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('audit.noChange')}
                        </Text>
                      ) : (
                        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                          {changes.map((c) => (
                            <Text component="li" size="sm" key={c.field} className="audit-change">
                              <span className="mono">{c.field}</span>:{' '}
                              {event.before === null ? (
                                show(c.after, fmt)
                              ) : (
                                <>
                                  <span className="visually-hidden">{t('audit.before')} </span>
                                  <del>{show(c.before, fmt)}</del> <span aria-hidden>→</span>{' '}
                                  <span className="visually-hidden">{t('audit.after')} </span>
                                  <ins style={{ textDecoration: 'none', fontWeight: 600 }}>
                                    {show(c.after, fmt)}
                                  </ins>
                                </>
                              )}
                            </Text>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>{event.reason ?? EMPTY}</Table.Td>
                  </Table.Tr>
                );
              })}
              {events.length === 0 && <EmptyRow colSpan={6}>{t('audit.empty')}</EmptyRow>}
            </Table.Tbody>
          </DenseTable>
          {events.length > FIRST_ROWS && (
            <Group>
              <Button size="xs" variant="subtle" onClick={() => setAll((v) => !v)}>
                {all
                  ? t('audit.showRecent', { count: FIRST_ROWS })
                  : t('audit.showAll', { count: events.length })}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Section>
  );
}
