import { Alert, Button, Group, List, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

export interface ErrorDescription {
  title: string;
  message: string;
  conflict: boolean;
}

/** What happened, and what to do, for any error from the API or the network. */
export function describeError(error: unknown, t: TFunction): ErrorDescription {
  if (!(error instanceof ApiError)) {
    return { title: t('errors.unexpectedTitle'), message: t('errors.unexpected'), conflict: false };
  }
  const server = error.message;
  switch (error.status) {
    case 0:
      return { title: t('errors.networkTitle'), message: t('errors.network'), conflict: false };
    case 401:
      return { title: t('errors.sessionTitle'), message: t('errors.session'), conflict: false };
    case 403:
      return { title: t('errors.forbiddenTitle'), message: server || t('errors.forbidden'), conflict: false };
    case 404:
      return { title: t('errors.notFoundTitle'), message: server || t('errors.notFound'), conflict: false };
    case 409:
      return { title: t('errors.conflictTitle'), message: t('errors.conflict'), conflict: true };
    case 400:
    case 422:
      return { title: t('errors.invalidTitle'), message: server || t('errors.invalid'), conflict: false };
    case 429:
      return {
        title: t('errors.rateLimitedTitle'),
        message: server || t('errors.rateLimited'),
        conflict: false,
      };
    default:
      return {
        title: t('errors.unexpectedTitle'),
        message: server || t('errors.unexpected'),
        conflict: false,
      };
  }
}

/** Error of a page's data load, with a retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { title, message } = describeError(error, t);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{message}</Text>
      {onRetry && (
        <Button mt="sm" size="xs" variant="default" onClick={onRetry}>
          {t('actions.retry')}
        </Button>
      )}
    </Alert>
  );
}

/**
 * Error of a save. Field messages for fields shown in the form appear next to them; the others are listed here.
 * A version conflict offers to reload the record.
 */
export function FormErrorAlert({
  error,
  shownFields = [],
  onReload,
}: {
  error: unknown;
  shownFields?: readonly string[];
  onReload?: () => void;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const { title, message, conflict } = describeError(error, t);
  const otherFields =
    error instanceof ApiError && !conflict
      ? error.fields.filter(
          (f) => !shownFields.some((name) => f.path === name || f.path.endsWith(`.${name}`)),
        )
      : [];
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{message}</Text>
      {otherFields.length > 0 && (
        <List size="sm" mt={4}>
          {otherFields.map((f) => (
            <List.Item key={`${f.path}:${f.message}`}>
              {f.path ? `${f.path.replace(/^(body|query|params)\./, '')}: ` : ''}
              {f.message}
            </List.Item>
          ))}
        </List>
      )}
      {conflict && onReload && (
        <Group mt="sm">
          <Button size="xs" variant="default" onClick={onReload}>
            {t('actions.reload')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
