import { Anchor, Group, Paper, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ItemId } from '../../../../src/core/reading/items.ts';
import { toLanguage } from '../../i18n/index.ts';
import { fieldName } from './form-model.ts';

/** Fields named in the panel; the rest are counted. */
const LISTED = 8;

/** What the reading still lacks (core missingFindings), each a link to its field. */
export function CompletenessPanel({
  missing,
  required,
  onGoTo,
}: {
  missing: readonly { site: string; item: ItemId }[];
  required: number;
  onGoTo: (site: string, item: ItemId) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  const done = required - missing.length;
  return (
    <Paper withBorder p="xs" aria-labelledby="completeness-heading" component="section">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600} id="completeness-heading">
          {t('reading.completeness.title')}
        </Text>
        <Text size="sm" role="status" data-testid="completeness">
          {missing.length === 0
            ? t('reading.completeness.complete')
            : t('reading.completeness.missing', { count: missing.length })}
        </Text>
      </Group>
      <Progress
        value={required === 0 ? 100 : (100 * done) / required}
        size="sm"
        mt={4}
        aria-label={t('reading.completeness.progress', { done, required })}
      />
      {missing.length > 0 && (
        <Text size="xs" mt={4} component="div">
          {missing.slice(0, LISTED).map(({ site, item }, i) => (
            <span key={`${item}@${site}`}>
              {i > 0 && ' · '}
              <Anchor component="button" type="button" size="xs" onClick={() => onGoTo(site, item)}>
                {fieldName(site, item, language)}
              </Anchor>
            </span>
          ))}
          {missing.length > LISTED &&
            ` ${t('reading.completeness.andMore', { count: missing.length - LISTED })}`}
        </Text>
      )}
    </Paper>
  );
}
