import {
  Anchor,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { PARTICIPANT_STATUSES } from '../../../src/core/study/participant-status.ts';
import { api } from '../api/client.ts';
import { queryKeys } from '../api/queries.ts';
import type { Dashboard } from '../api/types.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { Forbidden } from '../components/RequirePermission.tsx';
import { Section } from '../components/Section.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useAuth } from '../lib/auth.tsx';
import { useFormat } from '../lib/format.ts';
import { useLabels } from '../lib/labels.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';

/** "/": the study dashboard, or the page a role works from when it has no dashboard (radiologists: worklist). */
export function HomePage() {
  const { can } = useAuth();
  if (can('dashboard.read')) return <DashboardPage />;
  if (can('reading.worklist')) return <Navigate to="/reading" replace />;
  if (can('participant.read')) return <Navigate to="/participants" replace />;
  if (can('user.read')) return <Navigate to="/admin/users" replace />;
  return <Forbidden />;
}

function RecruitmentBar({ label, enrolled, target }: { label: string; enrolled: number; target: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const value = target > 0 ? Math.min(100, Math.round((enrolled / target) * 100)) : 0;
  const text = t('dashboard.enrolledOfTarget', {
    enrolled: fmt.number(enrolled),
    target: fmt.number(target),
    percent: fmt.percent(enrolled, target),
  });
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="sm" ff="monospace">
          {text}
        </Text>
      </Group>
      <Progress value={value} size="lg" aria-label={`${label}: ${text}`} />
    </Stack>
  );
}

function Stat({
  label,
  value,
  note,
  alert,
  link,
}: {
  label: string;
  value: string;
  note?: string;
  alert?: boolean;
  /** Where the number's details are listed. */
  link?: { to: string; label: string };
}) {
  return (
    <Paper withBorder p="sm" radius="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={alert ? 'red' : undefined}>
        {value}
      </Text>
      {note && (
        <Text size="sm" c={alert ? 'red' : 'dimmed'} fw={alert ? 600 : undefined}>
          {note}
        </Text>
      )}
      {link && (
        <Anchor component={Link} to={link.to} size="sm">
          {link.label}
        </Anchor>
      )}
    </Paper>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('dashboard.title'));
  const fmt = useFormat();
  const labels = useLabels();
  const { can } = useAuth();
  const dashboard = useQuery({
    queryKey: queryKeys.dashboard,
    queryFn: () => api.get<Dashboard>('/api/dashboard'),
  });

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('dashboard.title')}
      </Title>
      {dashboard.isError && <QueryError error={dashboard.error} onRetry={() => void dashboard.refetch()} />}
      {dashboard.isPending && <Skeleton h={240} />}
      {dashboard.data && (
        <>
          <SimpleGrid
            cols={{ base: 1, sm: 2, lg: dashboard.data.openQueries === undefined ? 4 : 5 }}
            spacing="sm"
          >
            <Stat
              label={t('dashboard.enrolled')}
              value={fmt.number(dashboard.data.enrolled)}
              note={t('dashboard.ofTarget', { target: fmt.number(dashboard.data.targetEnrollment) })}
            />
            <Stat
              label={t('dashboard.inScreening')}
              value={fmt.number(dashboard.data.byArm.reduce((sum, arm) => sum + arm.inScreening, 0))}
              note={t('dashboard.inScreeningNote')}
            />
            <Stat label={t('dashboard.examsAcquired')} value={fmt.number(dashboard.data.examsAcquired)} />
            <Stat
              label={t('dashboard.readingsOverdue')}
              value={fmt.number(dashboard.data.readingsOverdue)}
              note={
                dashboard.data.readingsOverdue > 0 ? t('dashboard.overdueNote') : t('dashboard.noneOverdue')
              }
              alert={dashboard.data.readingsOverdue > 0}
            />
            {dashboard.data.openQueries !== undefined && (
              <Stat
                label={t('dashboard.openQueries')}
                value={fmt.number(dashboard.data.openQueries)}
                note={
                  dashboard.data.openQueries > 0
                    ? t('dashboard.openQueriesNote')
                    : t('dashboard.noOpenQueries')
                }
                link={can('query.read') ? { to: '/queries', label: t('dashboard.viewQueries') } : undefined}
              />
            )}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Section title={t('dashboard.recruitment')}>
              <Stack gap="md">
                <RecruitmentBar
                  label={t('dashboard.allArms')}
                  enrolled={dashboard.data.enrolled}
                  target={dashboard.data.targetEnrollment}
                />
                {dashboard.data.byArm.map((arm) => (
                  <Stack key={arm.arm} gap={2}>
                    <RecruitmentBar label={labels.arm(arm.arm)} enrolled={arm.enrolled} target={arm.target} />
                    <Text size="xs" c="dimmed">
                      {t('dashboard.armDetail', {
                        screening: fmt.number(arm.inScreening),
                        total: fmt.number(arm.total),
                      })}
                    </Text>
                  </Stack>
                ))}
              </Stack>
            </Section>
            <Section
              title={t('dashboard.byStatus')}
              actions={
                can('participant.read') ? (
                  <Anchor component={Link} to="/participants" size="sm">
                    {t('dashboard.viewParticipants')}
                  </Anchor>
                ) : undefined
              }
            >
              <Table verticalSpacing={4} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('participants.status')}</Table.Th>
                    <Table.Th ta="right">{t('dashboard.count')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {PARTICIPANT_STATUSES.map((status) => (
                    <Table.Tr key={status}>
                      <Table.Td>
                        {can('participant.read') ? (
                          <Anchor
                            component={Link}
                            to={`/participants?status=${status}`}
                            underline="never"
                            aria-label={t('dashboard.listStatus', { status: labels.status(status) })}
                          >
                            <StatusBadge status={status} />
                          </Anchor>
                        ) : (
                          <StatusBadge status={status} />
                        )}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {fmt.number(dashboard.data.byStatus[status] ?? 0)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
