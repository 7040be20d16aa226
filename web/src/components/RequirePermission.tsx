import { Alert, Anchor, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Permission } from '../../../src/core/security/roles.ts';
import { useAuth } from '../lib/auth.tsx';
import { useLabels } from '../lib/labels.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';

export function Forbidden() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const labels = useLabels();
  usePageTitle(t('forbidden.title'));
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {t('forbidden.title')}
      </Title>
      <Alert color="gray" variant="light">
        {t('forbidden.message', { role: labels.role(session.user.role) })}
      </Alert>
      <Anchor component={Link} to="/">
        {t('common.backHome')}
      </Anchor>
    </Stack>
  );
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? children : <Forbidden />;
}
