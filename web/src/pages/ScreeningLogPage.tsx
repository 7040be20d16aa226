import { Anchor, Group, NativeSelect, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PARTICIPANT_STATUSES, type ParticipantStatus } from '../../../src/core/study/participant-status.ts';
import type { BlockerReason, InclusionBlocker } from '../../../src/core/study/inclusion-rules.ts';
import { ARMS } from '../../../src/core/study/protocol.ts';
import { formPath, useScreeningLog, type ScreeningLogEntry } from '../api/forms.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { DenseTable, EmptyRow } from '../components/Tables.tsx';
import { useAuth } from '../lib/auth.tsx';
import { EMPTY, useFormat } from '../lib/format.ts';
import { scheduledVisit, useInstrumentText } from '../lib/instrument-labels.ts';
import { useLabels } from '../lib/labels.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';

/** Says a blocker's reason in the user's language, naming excluding items by their labels. */
function useBlockerText() {
  const { t } = useTranslation();
  const text = useInstrumentText();
  return (reason: BlockerReason): string => {
    switch (reason.kind) {
      case 'form_incomplete':
        return t('screeningLog.completeFirst');
      case 'no_consent':
        return t('screeningLog.consentFirst');
      case 'excluded':
        return t('screeningLog.excludedBy', {
          items: reason.items.map((id) => text.item(reason.instrument, id)).join(' ; '),
        });
      case 'not_classified':
        return t('screeningLog.notClassified', {
          classification:
            reason.classification === null
              ? t('interpretation.incomplete')
              : (text.interpretation(reason.classification) ?? reason.classification),
        });
    }
  };
}

/** One blocker: the instrument (linked to its form) or the consent, and what stands in the way. */
function Blocker({ code, blocker }: { code: string; blocker: InclusionBlocker }) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const { can } = useAuth();
  const blockerText = useBlockerText();
  const { path, reason } = blocker;
  const instrument = reason.kind === 'no_consent' ? null : reason.instrument;
  const visit = instrument ? scheduledVisit(instrument) : undefined;
  const what = instrument ? text.title(instrument) : path === 'consent' ? t('screeningLog.consent') : path;
  return (
    <Text component="li" size="sm">
      {instrument && visit && can('form.read') ? (
        <Anchor component={Link} to={formPath(code, visit, instrument)} size="sm" fw={600}>
          {what}
        </Anchor>
      ) : (
        <Text component="span" size="sm" fw={600}>
          {what}
        </Text>
      )}
      {text.colon('')} {blockerText(reason)}
    </Text>
  );
}

/** `/screening-log`: everyone screened, with the outcome, the decision reason and what still blocks inclusion. */
export function ScreeningLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('screeningLog.title'));
  const fmt = useFormat();
  const labels = useLabels();
  const log = useScreeningLog();
  const [params, setParams] = useSearchParams();
  const arm = params.get('arm') ?? '';
  const status = params.get('status') ?? '';
  const items = (log.data?.items ?? []).filter(
    (e: ScreeningLogEntry) => (!arm || e.arm === arm) && (!status || e.status === status),
  );
  const counts = PARTICIPANT_STATUSES.map((s) => ({
    status: s,
    n: (log.data?.items ?? []).filter((e) => e.status === s).length,
  }));

  function update(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('screeningLog.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('screeningLog.intro')}
      </Text>
      {log.isError && <QueryError error={log.error} onRetry={() => void log.refetch()} />}
      {log.isPending && <Skeleton h={200} />}
      {log.data && (
        <>
          <Group gap="xs" role="list" aria-label={t('screeningLog.summary')}>
            <Text size="sm" fw={600} role="listitem">
              {t('screeningLog.screened', { count: log.data.items.length })}
            </Text>
            {counts
              .filter((c) => c.n > 0)
              .map((c) => (
                <Group key={c.status} gap={4} role="listitem">
                  <StatusBadge status={c.status} />
                  <Text size="sm" ff="monospace">
                    {fmt.number(c.n)}
                  </Text>
                </Group>
              ))}
          </Group>
          <Group gap="sm" align="flex-end">
            <NativeSelect
              label={t('participants.arm')}
              value={arm}
              onChange={(e) => update('arm', e.currentTarget.value)}
              data={[
                { value: '', label: t('participants.allArms') },
                ...ARMS.map((a) => ({ value: a, label: labels.arm(a) })),
              ]}
            />
            <NativeSelect
              label={t('screeningLog.outcome')}
              value={status}
              onChange={(e) => update('status', e.currentTarget.value)}
              data={[
                { value: '', label: t('participants.allStatuses') },
                ...PARTICIPANT_STATUSES.map((s) => ({
                  value: s,
                  label: labels.status(s as ParticipantStatus),
                })),
              ]}
            />
          </Group>
          <DenseTable caption={t('screeningLog.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('participants.code')}</Table.Th>
                <Table.Th>{t('participants.arm')}</Table.Th>
                <Table.Th>{t('participants.screeningDate')}</Table.Th>
                <Table.Th>{t('screeningLog.outcome')}</Table.Th>
                <Table.Th>{t('participants.inclusionDate')}</Table.Th>
                <Table.Th>{t('participants.endDate')}</Table.Th>
                <Table.Th>{t('screeningLog.decisionReason')}</Table.Th>
                <Table.Th>{t('screeningLog.blockers')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.code}>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component={Link} to={`/participants/${encodeURIComponent(e.code)}`} size="sm">
                      {e.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{labels.arm(e.arm)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.date(e.screeningDate)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={e.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.date(e.inclusionDate)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.date(e.endDate)}</Table.Td>
                  <Table.Td>{e.decisionReason ?? EMPTY}</Table.Td>
                  <Table.Td>
                    {e.blockers.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {EMPTY}
                      </Text>
                    ) : (
                      <Stack gap={0} component="ul" m={0} pl="md">
                        {e.blockers.map((b) => (
                          <Blocker key={`${b.path}:${b.message}`} code={e.code} blocker={b} />
                        ))}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {items.length === 0 && <EmptyRow colSpan={8}>{t('screeningLog.empty')}</EmptyRow>}
            </Table.Tbody>
          </DenseTable>
        </>
      )}
    </Stack>
  );
}
