import { Badge, Box, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  InstrumentDefinition,
  MissingCode,
  ScoreResult,
} from '../../../../src/core/instruments/types.ts';
import { itemLabel, useInstrumentText } from '../../lib/instrument-labels.ts';
import { EMPTY, useFormat } from '../../lib/format.ts';

/** Fields every score carries: shown in their own places, not in the list of the instrument's own fields. */
const COMMON = new Set([
  'instrument',
  'version',
  'variant',
  'total',
  'complete',
  'missing',
  'interpretation',
  'warnings',
]);
const MISSING_SHOWN = 6;

function useShowValue(definition: InstrumentDefinition) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const text = useInstrumentText();
  const isItem = (v: unknown) => typeof v === 'string' && definition.items.some((i) => i.id === v);
  const show = (value: unknown, key?: string): ReactNode => {
    if (value === null || value === undefined) return EMPTY;
    // A derived field named after a choice item (capillaroscopy `pattern`) reads as that item's answer.
    const item = key ? definition.items.find((i) => i.id === key) : undefined;
    if (item?.type === 'choice' && typeof value === 'string')
      return item.choices.find((c) => c.value === value)?.label[text.language] ?? value;
    if (typeof value === 'boolean') return value ? t('ecrf.yes') : t('ecrf.no');
    if (typeof value === 'number') return fmt.number(value);
    if (typeof value === 'string')
      return isItem(value) ? itemLabel(definition, value, text.language) : text.interpretation(value);
    if (Array.isArray(value)) {
      if (value.length === 0) return t('ecrf.none');
      return value
        .map((v) => (isItem(v) ? itemLabel(definition, String(v), text.language) : String(show(v))))
        .join(', ');
    }
    if (typeof value === 'object') {
      return (
        <Stack gap={0} component="span">
          {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
            <span key={k}>
              {text.colon(fieldName(k))} {show(v)}
            </span>
          ))}
        </Stack>
      );
    }
    return String(value);
  };
  const fieldName = (key: string): string => {
    const k = `scoreField.${key}`;
    return i18n.exists(k) ? String(t(k as 'scoreField.total')) : key.replace(/_/g, ' ');
  };
  return { show, fieldName };
}

function ScoreBody({
  definition,
  score,
  codes,
  testId,
}: {
  definition: InstrumentDefinition;
  score: ScoreResult;
  codes: Readonly<Record<string, MissingCode>>;
  testId: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = useInstrumentText();
  const { show, fieldName } = useShowValue(definition);
  const interpretation = text.interpretation(score.interpretation);
  const own = Object.entries(score).filter(([k]) => !COMMON.has(k));
  const missing = score.missing ?? [];
  return (
    <Stack gap={6}>
      <Group gap="sm" align="baseline">
        <Text fz={32} fw={700} lh={1.1} ff="monospace" data-testid={`${testId}-total`}>
          {score.total === null ? EMPTY : fmt.number(score.total)}
        </Text>
        {score.total === null && (
          <Text size="sm" c="dimmed">
            {t('ecrf.noTotal')}
          </Text>
        )}
      </Group>
      {interpretation && (
        <Text size="sm" fw={600} data-testid={`${testId}-interpretation`}>
          {interpretation}
        </Text>
      )}
      <Group gap={6}>
        {score.complete ? (
          <Badge color="green" variant="light" tt="none" radius="sm">
            <span aria-hidden>✓ </span>
            {t('ecrf.scoreComplete')}
          </Badge>
        ) : (
          <Badge color="gray" variant="light" tt="none" radius="sm">
            {t('ecrf.missingCount', { count: missing.length })}
          </Badge>
        )}
        {score.variant && (
          <Text size="xs" c="dimmed">
            {t('ecrf.variantShort', { variant: score.variant })}
          </Text>
        )}
      </Group>
      {missing.length > 0 && (
        <Box>
          <Text size="xs" c="dimmed" fw={600}>
            {t('ecrf.missingItems')}
          </Text>
          <Text size="xs" component="ul" m={0} pl="md">
            {missing.slice(0, MISSING_SHOWN).map((id) => (
              <li key={id}>
                {itemLabel(definition, id, text.language)}
                {codes[id] ? ` (${codes[id]})` : ''}
              </li>
            ))}
            {missing.length > MISSING_SHOWN && (
              <li>{t('ecrf.andMore', { count: missing.length - MISSING_SHOWN })}</li>
            )}
          </Text>
        </Box>
      )}
      {own.length > 0 && (
        <Box component="dl" m={0} className="ecrf-score-fields">
          {own.map(([key, value]) => (
            <div key={key}>
              <Text component="dt" size="xs" c="dimmed" fw={600}>
                {fieldName(key)}
              </Text>
              <Text component="dd" m={0} size="sm">
                {show(value, key)}
              </Text>
            </div>
          ))}
        </Box>
      )}
    </Stack>
  );
}

/**
 * The live score, computed in the browser by the definition's own scoring as the user types, and the score the
 * server computed and stored with the record (the one that counts).
 */
export function ScorePanel({
  definition,
  preview,
  previewError,
  stored,
  storedAt,
  codes,
  storedCodes,
  invalidCount,
  dirty,
}: {
  definition: InstrumentDefinition;
  preview: ScoreResult | null;
  previewError: boolean;
  stored: ScoreResult | null;
  storedAt: string | null;
  codes: Readonly<Record<string, MissingCode>>;
  storedCodes: Readonly<Record<string, MissingCode>>;
  invalidCount: number;
  dirty: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const showStored = !dirty && stored !== null;
  if (!definition.score) {
    return (
      <Paper withBorder p="sm" radius="sm">
        <Text size="sm" c="dimmed">
          {t('ecrf.noScore')}
        </Text>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="sm" radius="sm" component="section" aria-labelledby="score-heading">
      <Stack gap="xs">
        <Title order={2} size="h5" id="score-heading">
          {showStored ? t('ecrf.storedScore') : t('ecrf.livePreview')}
        </Title>
        <div aria-live="polite">
          {showStored ? (
            <ScoreBody definition={definition} score={stored} codes={storedCodes} testId="score-stored" />
          ) : previewError || !preview ? (
            <Text size="sm" c="dimmed">
              {t('ecrf.previewUnavailable')}
            </Text>
          ) : (
            <ScoreBody definition={definition} score={preview} codes={codes} testId="score-preview" />
          )}
          {!showStored && invalidCount > 0 && (
            <Text size="xs" c="red" fw={600} mt={4}>
              {t('ecrf.invalidNotCounted', { count: invalidCount })}
            </Text>
          )}
        </div>
        {!showStored && (
          <Text size="xs" c="dimmed">
            {t('ecrf.previewNote')}
          </Text>
        )}
        {stored && !showStored && (
          <>
            <Divider />
            <Title order={3} size="h6">
              {t('ecrf.storedScore')}
            </Title>
            <ScoreBody definition={definition} score={stored} codes={storedCodes} testId="score-stored" />
          </>
        )}
        {stored && (
          <Text size="xs" c="dimmed" data-testid="score-stored-note">
            {t('ecrf.storedNote', { version: stored.version, when: fmt.dateTime(storedAt) })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
