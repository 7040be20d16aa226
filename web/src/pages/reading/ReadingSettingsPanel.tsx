import { Button, Group, Paper, Radio, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADJUDICATION_RULES, type AdjudicationRule } from '../../../../src/core/reading/consensus.ts';
import { api } from '../../api/client.ts';
import { readingKeys, type ReadingSettings } from '../../api/reading.ts';
import { FormErrorAlert, QueryError } from '../../components/ErrorAlert.tsx';

/** The study's reading settings: automatic round-robin assignment on image arrival, and the adjudication rule. */
export function ReadingSettingsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: readingKeys.settings,
    queryFn: ({ signal }) => api.get<ReadingSettings>('/api/reading/settings', { signal }),
  });
  const [edited, setEdited] = useState<Omit<ReadingSettings, 'version'> | null>(null);
  const mutation = useMutation({
    mutationFn: (body: ReadingSettings) => api.put<ReadingSettings>('/api/reading/settings', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(readingKeys.settings, saved);
      setEdited(null);
      notifications.show({ color: 'teal', message: t('reading.settings.saved') });
    },
  });
  if (settings.isError) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Skeleton h={120} />;
  const current = edited ?? settings.data;
  const version = settings.data.version;

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="reading-settings-heading">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (edited) mutation.mutate({ ...edited, version });
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h5" id="reading-settings-heading">
            {t('reading.settings.title')}
          </Title>
          <FormErrorAlert
            error={mutation.error}
            shownFields={[]}
            onReload={() => {
              mutation.reset();
              setEdited(null);
              void settings.refetch();
            }}
          />
          <Switch
            label={t('reading.settings.autoAssign')}
            description={t('reading.settings.autoAssignHint')}
            checked={current.autoAssign}
            onChange={(e) => setEdited({ ...current, autoAssign: e.currentTarget.checked })}
          />
          <Radio.Group
            label={t('reading.settings.rule')}
            value={current.adjudicationRule}
            onChange={(v) => setEdited({ ...current, adjudicationRule: v as AdjudicationRule })}
          >
            <Stack gap={4} mt={4}>
              {ADJUDICATION_RULES.map((rule) => (
                <Radio key={rule} value={rule} label={t(`reading.settings.rules.${rule}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end" gap="xs">
            {edited && (
              <Text size="xs" c="dimmed">
                {t('reading.settings.unsaved')}
              </Text>
            )}
            <Button type="submit" size="compact-sm" disabled={!edited} loading={mutation.isPending}>
              {t('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
