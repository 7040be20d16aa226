import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { queryKeys, useStudy } from '../../api/queries.ts';
import type { ParticipantDetail } from '../../api/types.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { AuditHistory } from './AuditHistory.tsx';
import { ConsentsSection } from './ConsentsSection.tsx';
import { EditParticipantForm } from './EditParticipantForm.tsx';
import { ExamsSection } from './ExamsSection.tsx';
import { FormsSection } from './FormsSection.tsx';
import { IdentityPanel } from './IdentityPanel.tsx';
import { Fact, Facts } from './shared.tsx';
import { StatusChangeForm } from './StatusChangeForm.tsx';
import { VisitsSection } from './VisitsSection.tsx';

export function ParticipantPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('participant.pageTitle', { code }));
  const { can } = useAuth();
  const fmt = useFormat();
  const labels = useLabels();
  const study = useStudy();
  const [statusOpened, statusModal] = useDisclosure(false);
  const [editOpened, editModal] = useDisclosure(false);

  const detail = useQuery({
    queryKey: queryKeys.participant(code),
    queryFn: ({ signal }) =>
      api.get<ParticipantDetail>(`/api/participants/${encodeURIComponent(code)}`, { signal }),
  });

  const breadcrumbs = (
    <Breadcrumbs aria-label={t('participant.breadcrumb')} separator="›">
      <Anchor component={Link} to="/participants" size="sm">
        {t('participants.title')}
      </Anchor>
      <Text size="sm" aria-current="page">
        {code}
      </Text>
    </Breadcrumbs>
  );

  if (detail.isPending) {
    return (
      <Stack>
        {breadcrumbs}
        <Skeleton h={32} w={240} />
        <Skeleton h={200} />
      </Stack>
    );
  }
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Stack maw={720}>
        {breadcrumbs}
        <Title order={1} size="h2">
          {code}
        </Title>
        {notFound ? (
          <Text>{t('participant.notFound', { code })}</Text>
        ) : (
          <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
        )}
      </Stack>
    );
  }

  const { participant, allowedTransitions, statusHistory } = detail.data;
  const canChangeStatus = can('participant.status') && allowedTransitions.length > 0;
  // Chronological, as a story read top-down; equal timestamps keep the server's order.
  const history = statusHistory
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.changedAt.localeCompare(b.entry.changedAt) || a.index - b.index)
    .map(({ entry }) => entry);

  return (
    <Stack gap="md">
      {breadcrumbs}
      <Paper withBorder p="sm" radius="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={6}>
            <Group gap="sm" align="center">
              <Title order={1} size="h2" ff="monospace">
                {participant.code}
              </Title>
              <Badge variant="outline" color="gray" tt="none" radius="sm" size="lg">
                {labels.arm(participant.arm)}
              </Badge>
              <StatusBadge status={participant.status} />
              {participant.synthetic && (
                <Badge variant="dot" color="yellow" tt="none" radius="sm">
                  {t('participant.synthetic')}
                </Badge>
              )}
            </Group>
          </Stack>
          <Group gap="xs">
            {canChangeStatus && <Button onClick={statusModal.open}>{t('participant.changeStatus')}</Button>}
            {can('participant.update') && (
              <Button variant="default" onClick={editModal.open}>
                {t('participant.edit')}
              </Button>
            )}
          </Group>
        </Group>
        <Facts>
          <Fact label={t('participants.arm')}>{labels.arm(participant.arm)}</Fact>
          <Fact label={t('participants.screeningDate')}>{fmt.date(participant.screeningDate)}</Fact>
          <Fact label={t('participants.inclusionDate')}>{fmt.date(participant.inclusionDate)}</Fact>
          <Fact label={t('participants.endDate')}>{fmt.date(participant.endDate)}</Fact>
          <Fact label={t('participant.site')}>{participant.siteCode}</Fact>
          <Fact label={t('participant.fhirStatus')}>
            <span className="mono">{participant.fhirStatus}</span>
          </Fact>
          <Fact label={t('participants.updatedAt')}>{fmt.dateTime(participant.updatedAt)}</Fact>
          <Fact label={t('participant.recordVersion')}>{participant.version}</Fact>
        </Facts>
      </Paper>

      {can('form.read') && <FormsSection code={participant.code} study={study.data} />}

      <Section title={t('participant.statusHistory')}>
        <DenseTable caption={t('participant.statusHistory')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('participant.effectiveDate')}</Table.Th>
              <Table.Th>{t('participant.change')}</Table.Th>
              <Table.Th>{t('common.reason')}</Table.Th>
              <Table.Th>{t('common.by')}</Table.Th>
              <Table.Th>{t('common.recordedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.map((h, i) => (
              <Table.Tr key={`${h.changedAt}-${i}`}>
                <Table.Td>{fmt.date(h.effectiveDate)}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {h.fromStatus ? <StatusBadge status={h.fromStatus} /> : <Text size="sm">{EMPTY}</Text>}
                    <Text size="sm" component="span">
                      <span aria-hidden>→</span>
                      <span className="visually-hidden">{t('participant.to')}</span>
                    </Text>
                    <StatusBadge status={h.toStatus} />
                  </Group>
                </Table.Td>
                <Table.Td>{h.reason ?? EMPTY}</Table.Td>
                <Table.Td>{h.changedBy}</Table.Td>
                <Table.Td>{fmt.dateTime(h.changedAt)}</Table.Td>
              </Table.Tr>
            ))}
            {history.length === 0 && <EmptyRow colSpan={5}>{t('participant.noStatusHistory')}</EmptyRow>}
          </Table.Tbody>
        </DenseTable>
      </Section>

      {can('consent.read') && <ConsentsSection code={participant.code} consents={detail.data.consents} />}
      <VisitsSection code={participant.code} visits={detail.data.visits} study={study.data} />
      {can('exam.read') && <ExamsSection code={participant.code} exams={detail.data.exams} />}
      {can('identity.read') && <IdentityPanel code={participant.code} />}
      {can('audit.read') && <AuditHistory code={participant.code} />}

      <Modal
        opened={statusOpened}
        onClose={statusModal.close}
        title={t('participant.changeStatusOf', { code: participant.code })}
      >
        <StatusChangeForm
          participant={participant}
          allowedTransitions={allowedTransitions}
          onClose={statusModal.close}
        />
      </Modal>
      <Modal
        opened={editOpened}
        onClose={editModal.close}
        title={t('participant.editOf', { code: participant.code })}
      >
        <EditParticipantForm participant={participant} onClose={editModal.close} />
      </Modal>
    </Stack>
  );
}
