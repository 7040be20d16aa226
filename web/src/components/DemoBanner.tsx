import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useHealth } from '../api/queries.ts';

export const DEMO_BANNER_HEIGHT = 28;

/** Always visible in demo mode, on every page including the login page. */
export function DemoBanner() {
  const { t } = useTranslation();
  const health = useHealth();
  if (!health.data?.demo) return null;
  return (
    <Box
      role="note"
      aria-label={t('demo.label')}
      h={DEMO_BANNER_HEIGHT}
      px="md"
      style={{
        background: 'var(--mantine-color-yellow-2)',
        borderBottom: '1px solid var(--mantine-color-yellow-5)',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Text size="sm" fw={700} c="dark.8">
        <span aria-hidden>⚠ </span>
        {t('demo.banner')}
      </Text>
    </Box>
  );
}

export function useDemo(): boolean {
  return useHealth().data?.demo === true;
}
