import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../lib/usePageTitle.ts';

/** Shown if a page fails to render: nothing was saved in the failed action, reloading is safe. */
export function RouteError() {
  const { t } = useTranslation();
  usePageTitle(t('routeError.title'));
  return (
    <Center mih="60vh" p="md">
      <Stack maw={520} role="alert">
        <Title order={1} size="h2">
          {t('routeError.title')}
        </Title>
        <Text>{t('routeError.message')}</Text>
        <Button onClick={() => window.location.reload()} w="fit-content">
          {t('actions.reload')}
        </Button>
      </Stack>
    </Center>
  );
}
