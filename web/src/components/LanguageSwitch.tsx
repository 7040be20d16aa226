import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, toLanguage } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      color="indigo"
      aria-label={t('shell.language')}
      value={toLanguage(i18n.language)}
      onChange={(value) => setLanguage(toLanguage(value))}
      data={[
        {
          value: 'en',
          label: (
            <span lang="en" title="English">
              EN
            </span>
          ),
        },
        {
          value: 'fr',
          label: (
            <span lang="fr" title="Français">
              FR
            </span>
          ),
        },
      ]}
    />
  );
}
