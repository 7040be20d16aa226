import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { AuditVerification } from '../api/types.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { useFormat } from '../lib/format.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';

/** Checks the hash chain of the whole audit trail on demand. */
export function AuditVerifyPage() {
  const { t } = useTranslation();
  usePageTitle(t('auditVerify.title'));
  const fmt = useFormat();
  const verify = useMutation({
    mutationFn: () => api.get<AuditVerification>('/api/audit/verify'),
  });
  const result = verify.data;
  return (
    <Stack gap="md" maw={760}>
      <Title order={1} size="h2">
        {t('auditVerify.title')}
      </Title>
      <Text size="sm">{t('auditVerify.explanation')}</Text>
      <Button w="fit-content" onClick={() => verify.mutate()} loading={verify.isPending}>
        {t('auditVerify.run')}
      </Button>
      {verify.isError && <QueryError error={verify.error} />}
      {result && (
        <Alert
          role="status"
          color={result.valid ? 'green' : 'red'}
          variant="light"
          title={result.valid ? t('auditVerify.valid') : t('auditVerify.broken')}
        >
          <Text size="sm">
            {t('auditVerify.events', { count: result.events, formatted: fmt.number(result.events) })}
          </Text>
          {!result.valid && (
            <Text size="sm" mt={4}>
              {t('auditVerify.firstBroken', {
                seq: result.firstBrokenSeq ?? '?',
                reason: result.reason ?? '',
              })}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
