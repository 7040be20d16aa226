import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useSessionQuery } from '../api/queries.ts';
import { FullPageLoader } from '../components/AppLayout.tsx';
import { DemoBanner } from '../components/DemoBanner.tsx';
import { FormErrorAlert } from '../components/ErrorAlert.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { safeNextPath } from '../lib/auth.tsx';
import { useForm } from '../lib/form.ts';
import { useLabels } from '../lib/labels.ts';
import { useLogin } from '../lib/session.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';
import { NCT04223817 } from '../../../src/core/study/protocol.ts';

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const labels = useLabels();
  const session = useSessionQuery();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));

  const form = useForm({
    initial: { username: '', password: '' },
    validate: (v) => ({
      username: v.username.trim() ? undefined : t('validation.required'),
      password: v.password ? undefined : t('validation.required'),
    }),
  });
  const login = useLogin(form.setServerError, next);

  if (session.isPending) return <FullPageLoader />;
  if (session.data) return <Navigate to={next} replace />;

  const error = login.error;

  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header">
        <DemoBanner />
        <Group justify="space-between" px="md" py="xs">
          <Text fw={800} fz="lg" c="indigo.8">
            Manus
          </Text>
          <LanguageSwitch />
        </Group>
      </Box>
      <Center component="main" px="md" pt="xl">
        <Paper withBorder p="lg" w={380} maw="100%" radius="sm">
          <Stack gap="xs" mb="md">
            <Title order={1} size="h3">
              {t('login.heading')}
            </Title>
            <Text size="sm" c="dimmed">
              {labels.studyTitle(undefined)} ({NCT04223817.nctId})
            </Text>
          </Stack>
          <form
            onSubmit={form.onSubmit((values) =>
              login.mutate({ username: values.username.trim(), password: values.password }),
            )}
            noValidate
            aria-label={t('login.heading')}
          >
            <Stack gap="sm">
              {error instanceof ApiError && error.status === 401 ? (
                <Alert color="red" variant="light" role="alert" p="xs">
                  {t('login.invalid')}
                </Alert>
              ) : (
                <FormErrorAlert error={error} shownFields={['username', 'password']} />
              )}
              <TextInput
                label={t('login.username')}
                autoComplete="username"
                autoFocus
                required
                {...form.text('username')}
              />
              <PasswordInput
                label={t('login.password')}
                autoComplete="current-password"
                required
                {...form.text('password')}
              />
              <Button type="submit" loading={login.isPending} fullWidth mt="xs">
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
