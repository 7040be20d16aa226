import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FormStatusOrNew } from '../../../../src/core/forms/lifecycle.ts';
import type { InstrumentDefinition } from '../../../../src/core/instruments/types.ts';
import type { FormKey, FormRecord } from '../../api/forms.ts';
import { useStudy } from '../../api/queries.ts';
import { FormStatusBadge } from '../../components/FormStatusBadge.tsx';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { useInstrumentText } from '../../lib/instrument-labels.ts';
import { useLabels } from '../../lib/labels.ts';

/** One labelled fact of the head, the label dimmed. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  const text = useInstrumentText();
  return (
    <Text size="sm">
      <Text component="span" c="dimmed">
        {text.colon(label)}
      </Text>{' '}
      {children}
    </Text>
  );
}

/** The head of a form page: title and status, participant, visit, definition version, last change, citations. */
export function FormHeader({
  formKey,
  definition,
  status,
  record,
}: {
  formKey: FormKey;
  definition: InstrumentDefinition;
  status: FormStatusOrNew;
  record: FormRecord | null;
}) {
  const { t } = useTranslation();
  const text = useInstrumentText();
  const fmt = useFormat();
  const labels = useLabels();
  const study = useStudy();
  const visitLabel = labels.visit(formKey.visit, study.data);
  return (
    <Paper withBorder p="sm" radius="sm">
      <Stack gap={6}>
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            {text.text(definition.title)}
          </Title>
          <FormStatusBadge status={status} size="lg" />
        </Group>
        <Group gap="lg">
          <Fact label={t('ecrf.participant')}>
            <Anchor component={Link} to={`/participants/${encodeURIComponent(formKey.code)}`} ff="monospace">
              {formKey.code}
            </Anchor>
          </Fact>
          <Fact label={t('visits.visit')}>{visitLabel}</Fact>
          <Fact label={t('ecrf.definitionVersion')}>
            <span className="mono">
              {definition.id} {definition.version}
            </span>
          </Fact>
          <Fact label={t('participants.updatedAt')}>
            {record ? `${fmt.dateTime(record.updatedAt)} (v${record.version})` : EMPTY}
          </Fact>
          {record?.verifiedAt && (
            <Fact label={t('ecrf.verifiedBy')}>
              {record.verifiedBy} · {fmt.dateTime(record.verifiedAt)}
            </Fact>
          )}
        </Group>
        <details className="ecrf-citation">
          <summary>
            <Text component="span" size="sm" fw={600}>
              {t('ecrf.citation', { count: definition.citations.length })}
            </Text>
          </summary>
          <Stack gap={2} component="ol" mt={4} mb={0} pl="lg">
            {definition.citations.map((c) => (
              <Text component="li" size="sm" key={c}>
                {c}
              </Text>
            ))}
          </Stack>
        </details>
      </Stack>
    </Paper>
  );
}
