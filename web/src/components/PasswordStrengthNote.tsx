import { Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLongEnoughPassword } from '../../../src/core/security/account-rules.ts';
import {
  MAX_PASSWORD_SCORE,
  MIN_PASSWORD_SCORE,
  passwordStrength,
  type PasswordStrength,
} from '../../../src/core/security/password-strength.ts';

/** Waits for the typing to pause before scoring: a check takes tens of milliseconds. */
const SETTLE_MS = 250;

/**
 * The server's password-strength verdict, shown while the user types: the same zxcvbn-ts score, minimum and
 * feedback (translated from zxcvbn's keys) as the 422 the server would answer.
 */
export function PasswordStrengthNote({
  password,
  personal,
}: {
  password: string;
  personal: readonly string[];
}) {
  const { t } = useTranslation();
  const [strength, setStrength] = useState<{ password: string; result: PasswordStrength } | null>(null);
  const personalKey = personal.join('\n');
  useEffect(() => {
    if (!isLongEnoughPassword(password)) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      void passwordStrength(password, personalKey.split('\n')).then((result) => {
        if (current) setStrength({ password, result });
      });
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, personalKey]);
  if (!isLongEnoughPassword(password) || strength?.password !== password) return null;
  const { score, acceptable, warning, suggestions } = strength.result;
  return (
    <Stack gap={4} data-testid="password-strength">
      <Progress
        value={((score + 1) / (MAX_PASSWORD_SCORE + 1)) * 100}
        color={acceptable ? 'green' : 'red'}
        size="sm"
        aria-label={t('passwordStrength.label')}
      />
      <Text size="sm" c={acceptable ? 'green.8' : 'red.8'}>
        {t(acceptable ? 'passwordStrength.acceptable' : 'passwordStrength.tooWeak', {
          score,
          max: MAX_PASSWORD_SCORE,
          min: MIN_PASSWORD_SCORE,
        })}
      </Text>
      {warning && (
        <Text size="sm">{t(`passwordStrength.warnings.${warning}`, { defaultValue: warning })}</Text>
      )}
      {suggestions.map((key) => (
        <Text size="sm" c="dimmed" key={key}>
          {t(`passwordStrength.suggestions.${key}`, { defaultValue: key })}
        </Text>
      ))}
    </Stack>
  );
}
