import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePageTitle } from '../lib/usePageTitle.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  const location = useLocation();
  usePageTitle(t('notFound.title'));
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {t('notFound.title')}
      </Title>
      <Text>{t('notFound.message', { path: location.pathname })}</Text>
      <Anchor component={Link} to="/">
        {t('common.backHome')}
      </Anchor>
    </Stack>
  );
}
