import {
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  PasswordInput,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isLongEnoughPassword,
  isValidUsername,
  MIN_PASSWORD_LENGTH,
} from '../../../src/core/security/account-rules.ts';
import { ROLES, type Role } from '../../../src/core/security/roles.ts';
import { api } from '../api/client.ts';
import { queryKeys } from '../api/queries.ts';
import type { User } from '../api/types.ts';
import { QueryError } from '../components/ErrorAlert.tsx';
import { ModalForm } from '../components/ModalForm.tsx';
import { PasswordStrengthNote } from '../components/PasswordStrengthNote.tsx';
import { DenseTable, EmptyRow } from '../components/Tables.tsx';
import { useAuth } from '../lib/auth.tsx';
import { useForm, useRebaseOnVersion } from '../lib/form.ts';
import { EMPTY, useFormat } from '../lib/format.ts';
import { useLabels } from '../lib/labels.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';

export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('users.title'));
  const fmt = useFormat();
  const labels = useLabels();
  const { can, session } = useAuth();
  const [adding, addModal] = useDisclosure(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const manage = can('user.manage');
  const users = useQuery({
    queryKey: queryKeys.users,
    queryFn: ({ signal }) => api.get<{ items: User[] }>('/api/users', { signal }),
  });
  const items = [...(users.data?.items ?? [])].sort((a, b) => a.username.localeCompare(b.username));
  // Looked up in the latest list, so a reload after a conflict brings the account's new version.
  const editing = items.find((u) => String(u.id) === editingId) ?? null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('users.title')}
        </Title>
        {manage && <Button onClick={addModal.open}>{t('users.add')}</Button>}
      </Group>
      {users.isError && <QueryError error={users.error} onRetry={() => void users.refetch()} />}
      {users.isPending && <Skeleton h={160} />}
      {users.data && (
        <DenseTable caption={t('users.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.username')}</Table.Th>
              <Table.Th>{t('users.displayName')}</Table.Th>
              <Table.Th>{t('users.role')}</Table.Th>
              <Table.Th>{t('users.state')}</Table.Th>
              <Table.Th>{t('users.lastLoginAt')}</Table.Th>
              <Table.Th>{t('users.createdAt')}</Table.Th>
              {manage && <Table.Th>{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((user) => (
              <Table.Tr key={String(user.id)}>
                <Table.Td ff="monospace">{user.username}</Table.Td>
                <Table.Td>
                  {user.displayName}
                  {String(user.id) === String(session.user.id) && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('users.you')})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{labels.role(user.role)}</Table.Td>
                <Table.Td>
                  {user.active ? (
                    <Badge variant="light" color="green" tt="none" radius="sm">
                      {t('users.active')}
                    </Badge>
                  ) : (
                    <Badge variant="light" color="gray" tt="none" radius="sm">
                      {t('users.inactive')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{user.lastLoginAt ? fmt.dateTime(user.lastLoginAt) : EMPTY}</Table.Td>
                <Table.Td>{fmt.dateTime(user.createdAt)}</Table.Td>
                {manage && (
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => setEditingId(String(user.id))}
                      aria-label={t('users.editUser', { username: user.username })}
                    >
                      {t('actions.edit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {items.length === 0 && <EmptyRow colSpan={manage ? 7 : 6}>{t('users.empty')}</EmptyRow>}
          </Table.Tbody>
        </DenseTable>
      )}
      <Modal opened={adding} onClose={addModal.close} title={t('users.add')}>
        <NewUserForm onClose={addModal.close} />
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditingId(null)}
        title={editing ? t('users.editTitle', { username: editing.username }) : ''}
      >
        {editing && (
          <EditUserForm
            user={editing}
            self={String(editing.id) === String(session.user.id)}
            onClose={() => setEditingId(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function roleOptions(labels: ReturnType<typeof useLabels>) {
  return ROLES.map((r) => ({ value: r, label: labels.role(r) }));
}

function NewUserForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const form = useForm({
    initial: { username: '', displayName: '', role: '', password: '' },
    draftKey: 'user-new',
    noDraft: ['password'],
    validate: (v) => ({
      username: !v.username
        ? t('validation.required')
        : isValidUsername(v.username)
          ? undefined
          : t('users.usernameRule'),
      displayName: v.displayName.trim() ? undefined : t('validation.required'),
      role: v.role ? undefined : t('users.chooseRole'),
      password: isLongEnoughPassword(v.password)
        ? undefined
        : t('users.passwordRule', { min: MIN_PASSWORD_LENGTH, length: v.password.length }),
    }),
  });
  const create = useMutation({
    mutationFn: (body: { username: string; displayName: string; role: Role; password: string }) =>
      api.post<User>('/api/users', body),
    onMutate: () => form.setServerError(null),
    onError: form.setServerError,
    onSuccess: (user) => {
      form.finish();
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      notifications.show({ color: 'green', message: t('users.created', { username: user.username }) });
      onClose();
    },
  });
  return (
    <ModalForm
      onSubmit={form.onSubmit((v) =>
        create.mutate({
          username: v.username,
          displayName: v.displayName.trim(),
          role: v.role as Role,
          password: v.password,
        }),
      )}
      onCancel={onClose}
      submitLabel={t('users.add')}
      pending={create.isPending}
      error={create.error}
      shownFields={['username', 'displayName', 'role', 'password']}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
    >
      <TextInput
        label={t('users.username')}
        description={t('users.usernameRule')}
        required
        autoComplete="off"
        data-autofocus
        {...form.text('username')}
      />
      <TextInput label={t('users.displayName')} required maxLength={200} {...form.text('displayName')} />
      <NativeSelect
        label={t('users.role')}
        required
        data={[{ value: '', label: t('forms.choose') }, ...roleOptions(labels)]}
        {...form.text('role')}
      />
      <PasswordInput
        label={t('users.password')}
        description={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        required
        autoComplete="new-password"
        {...form.text('password')}
      />
      <PasswordStrengthNote
        password={form.values.password}
        personal={[form.values.username, form.values.displayName]}
      />
    </ModalForm>
  );
}

function EditUserForm({ user, self, onClose }: { user: User; self: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const valuesOf = (u: User) => ({
    displayName: u.displayName,
    role: u.role as string,
    active: u.active,
    password: '',
  });
  const form = useForm({
    initial: valuesOf(user),
    draftKey: `user-edit:${String(user.id)}`,
    noDraft: ['password'],
    validate: (v) => ({
      displayName: v.displayName.trim() ? undefined : t('validation.required'),
      password:
        v.password && !isLongEnoughPassword(v.password)
          ? t('users.passwordRule', { min: MIN_PASSWORD_LENGTH, length: v.password.length })
          : undefined,
    }),
  });
  useRebaseOnVersion(form, user.version, () => valuesOf(user));
  const initial = form.initial;
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.patch<User>(`/api/users/${encodeURIComponent(String(user.id))}`, body),
    onMutate: () => form.setServerError(null),
    onError: form.setServerError,
    onSuccess: () => {
      form.finish();
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      if (self) void queryClient.invalidateQueries({ queryKey: queryKeys.session });
      notifications.show({ color: 'green', message: t('users.saved', { username: user.username }) });
      onClose();
    },
  });
  return (
    <ModalForm
      onSubmit={form.onSubmit((v) => {
        const body: Record<string, unknown> = { version: user.version };
        if (v.displayName.trim() !== initial.displayName) body.displayName = v.displayName.trim();
        if (v.role !== initial.role) body.role = v.role;
        if (v.active !== initial.active) body.active = v.active;
        if (v.password) body.password = v.password;
        update.mutate(body);
      })}
      onCancel={onClose}
      submitLabel={t('actions.save')}
      pending={update.isPending}
      error={update.error}
      shownFields={['displayName', 'role', 'active', 'password']}
      onReload={() => void queryClient.invalidateQueries({ queryKey: queryKeys.users })}
      draftRestored={form.draftRestored}
      onDiscardDraft={form.discardDraft}
      submitDisabled={!form.dirty}
    >
      <TextInput label={t('users.displayName')} required data-autofocus {...form.text('displayName')} />
      <NativeSelect
        label={t('users.role')}
        required
        disabled={self}
        description={self ? t('users.selfRole') : undefined}
        data={roleOptions(labels)}
        {...form.text('role')}
      />
      <Switch
        label={t('users.activeLabel')}
        description={self ? t('users.selfDeactivate') : t('users.activeHint')}
        disabled={self}
        {...form.checkbox('active')}
        error={form.error('active')}
      />
      <PasswordInput
        label={t('users.newPassword')}
        description={t('users.newPasswordHint', { min: MIN_PASSWORD_LENGTH })}
        autoComplete="new-password"
        {...form.text('password')}
      />
      <PasswordStrengthNote
        password={form.values.password}
        personal={[user.username, form.values.displayName]}
      />
    </ModalForm>
  );
}
