import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  NavLink,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import type { Permission } from '../../../src/core/security/roles.ts';
import { NCT04223817 } from '../../../src/core/study/protocol.ts';
import { useSessionQuery, useStudy } from '../api/queries.ts';
import { AuthProvider, useAuth } from '../lib/auth.tsx';
import { useLabels } from '../lib/labels.ts';
import { useLogout } from '../lib/session.ts';
import { DEMO_BANNER_HEIGHT, DemoBanner, useDemo } from './DemoBanner.tsx';
import { QueryError } from './ErrorAlert.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const HEADER_HEIGHT = 56;

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100vh">
      <Loader size="sm" aria-label={t('common.loading')} />
    </Center>
  );
}

/** Everything behind the login: checks the session, then renders the shell around the page. */
export function AppLayout() {
  const session = useSessionQuery();
  const location = useLocation();
  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    return (
      <Center h="100vh" p="md">
        <QueryError error={session.error} onRetry={() => void session.refetch()} />
      </Center>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    const target = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return (
    <AuthProvider session={session.data}>
      <Shell />
    </AuthProvider>
  );
}

function CurrentUser() {
  const { session } = useAuth();
  const labels = useLabels();
  return (
    <>
      <Text size="sm" fw={600}>
        {session.user.displayName}
      </Text>
      <Text size="xs" c="dimmed">
        {labels.role(session.user.role)}
      </Text>
    </>
  );
}

interface NavItem {
  to: string;
  label: string;
  permission: Permission;
  exact?: boolean;
}

function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const demo = useDemo();
  const { can } = useAuth();
  const study = useStudy(can('study.read'));
  const labels = useLabels();
  const logout = useLogout();

  useEffect(() => close(), [location.pathname, close]);

  const items: NavItem[] = [
    { to: '/', label: t('nav.dashboard'), permission: 'dashboard.read', exact: true },
    { to: '/participants', label: t('nav.participants'), permission: 'participant.read' },
    { to: '/screening-log', label: t('nav.screeningLog'), permission: 'participant.read' },
    { to: '/queries', label: t('nav.queries'), permission: 'query.read' },
    { to: '/imaging/inbox', label: t('nav.imageInbox'), permission: 'imaging.import' },
    { to: '/reading', label: t('nav.worklist'), permission: 'reading.worklist' },
    { to: '/outcomes', label: t('nav.outcomes'), permission: 'analysis.read' },
    { to: '/exports', label: t('nav.exports'), permission: 'data.export' },
    { to: '/admin/users', label: t('nav.users'), permission: 'user.read' },
    { to: '/admin/audit', label: t('nav.auditVerify'), permission: 'audit.verify' },
    { to: '/admin/originals', label: t('nav.originals'), permission: 'imaging.originals' },
  ];
  const visible = items.filter((item) => can(item.permission));
  const isActive = (item: NavItem) =>
    item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to);

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT + (demo ? DEMO_BANNER_HEIGHT : 0) }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main-content">
        {t('shell.skipToContent')}
      </a>
      <AppShell.Header>
        <DemoBanner />
        <Group h={HEADER_HEIGHT} px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNavigation')}
              aria-expanded={opened}
            />
            <Anchor component={Link} to="/" fw={800} fz="lg" underline="never" aria-label={t('shell.home')}>
              Manus
            </Anchor>
            <Divider orientation="vertical" visibleFrom="xs" />
            <Box style={{ minWidth: 0 }} visibleFrom="xs">
              <Text size="sm" fw={600} truncate="end">
                {labels.studyTitle(study.data)}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {study.data?.nctId ?? NCT04223817.nctId} · {study.data?.site.name ?? NCT04223817.site.name}
              </Text>
            </Box>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Box ta="right" style={{ lineHeight: 1.2 }} visibleFrom="sm">
              <CurrentUser />
            </Box>
            <LanguageSwitch />
            <Button variant="default" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
              {t('shell.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('shell.navigation')}>
        <Box
          hiddenFrom="sm"
          px="sm"
          pb="xs"
          mb="xs"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <CurrentUser />
        </Box>
        {visible.map((item) => {
          const active = isActive(item);
          return (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={active}
              aria-current={active ? 'page' : undefined}
              variant="light"
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
