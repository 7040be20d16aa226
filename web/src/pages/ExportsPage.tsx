import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ExportFormatInfo, ExportFormats, ExportJob } from '../api/types.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { usePageTitle } from '../lib/usePageTitle.ts';

/** Formats whose name and description the catalogs translate; another format shows the server's description. */
const TRANSLATED = ['csv', 'redcap', 'odm', 'fhir', 'bids'] as const;
type TranslatedFormat = (typeof TRANSLATED)[number];
const isTranslated = (name: string): name is TranslatedFormat =>
  (TRANSLATED as readonly string[]).includes(name);

/** How often a running export is asked for its progress. */
const POLL_MS = 500;

function ExportCard({ format, identified }: { format: ExportFormatInfo; identified: boolean }) {
  const { t } = useTranslation();
  const start = useMutation({
    mutationFn: () => api.post<ExportJob>('/api/exports', { format: format.name, identified }),
  });
  const jobId = start.data?.id;
  const job = useQuery({
    queryKey: ['export', jobId],
    queryFn: () => api.get<ExportJob>(`/api/exports/${jobId}`),
    enabled: jobId !== undefined,
    refetchInterval: (query) =>
      query.state.data?.status === 'running' || !query.state.data ? POLL_MS : false,
  });
  const current = job.data ?? start.data;
  const running = start.isPending || current?.status === 'running';
  const title = isTranslated(format.name) ? t(`exports.format.${format.name}.title`) : format.name;
  const description = isTranslated(format.name)
    ? t(`exports.format.${format.name}.description`)
    : format.description;
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm">{description}</Text>
        <Group>
          <Button onClick={() => start.mutate()} loading={running} disabled={running}>
            {identified ? t('exports.startIdentified') : t('exports.start')}
          </Button>
        </Group>
        {running && (
          <Progress
            aria-label={t('exports.progress', { format: title })}
            value={format.reportsProgress ? (current?.percent ?? 0) : 100}
            animated
            striped={!format.reportsProgress}
          />
        )}
        {start.isError && <QueryError error={start.error} />}
        {job.isError && <QueryError error={job.error} />}
        {current?.status === 'failed' && (
          <Alert color="red" variant="light" title={t('exports.failed')}>
            {current.error}
          </Alert>
        )}
        {current?.status === 'succeeded' && (
          <Alert color="green" variant="light" role="status" title={t('exports.ready')}>
            <Stack gap={4}>
              <Text size="sm">
                {t('exports.summary', { files: current.files, participants: current.participants })}
              </Text>
              <Anchor href={`/api/exports/${current.id}/download`} download>
                {t('exports.download')}
              </Anchor>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** One download per export format, de-identified unless the user may and does ask for identified data. */
export function ExportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('exports.title'));
  const [identified, setIdentified] = useState(false);
  const formats = useQuery({
    queryKey: ['export-formats'],
    queryFn: () => api.get<ExportFormats>('/api/exports/formats'),
  });
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('exports.title')}
      </Title>
      <Text size="sm" maw={760}>
        {t('exports.deidentified')}
      </Text>
      {formats.data?.identifiedAllowed && (
        <Switch
          checked={identified}
          onChange={(event) => setIdentified(event.currentTarget.checked)}
          label={t('exports.identified')}
          description={t('exports.identifiedWarning')}
          color="red"
        />
      )}
      {formats.isError && <QueryError error={formats.error} />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {formats.data?.items.map((format) => (
          <ExportCard key={`${format.name}-${identified}`} format={format} identified={identified} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
