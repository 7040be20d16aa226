import {
  Button,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PRIMARY_ABNORMALITIES,
  type AnalysisResult,
  type PrimaryAbnormality,
  type SiteLevel,
} from '../../../../src/core/analysis/types.ts';
import {
  heatmapFigure,
  leydenChangFigure,
  readingTimesFigure,
  sodiumFigure,
} from '../../../../src/core/report/figures.ts';
import { formatMedianIqr, formatProportion, type Lang } from '../../../../src/core/report/format.ts';
import {
  agreementTable,
  baselineTable,
  correlationsTable,
  exclusionsTable,
  leydenChangTable,
  primaryTable,
  secondaryTable,
  sodiumTable,
} from '../../../../src/core/report/tables.ts';
import { abnormalityLabel, armHeader, LEVEL_LABELS, reportText } from '../../../../src/core/report/text.ts';
import { ARMS } from '../../../../src/core/study/protocol.ts';
import { reportUrl, useAnalysis } from '../../api/analysis.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { toLanguage } from '../../i18n/index.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { ReportTable } from './ReportTable.tsx';
import { Svg } from './Svg.tsx';

/** The study's outcomes for data managers and statisticians: the tables and figures of the report, on screen. */
export function OutcomesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('outcomes.title'));
  const lang = toLanguage(i18n.language);
  const analysis = useAnalysis();
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('outcomes.title')}
        </Title>
        <Group gap="xs">
          <Button component="a" variant="default" size="xs" href={reportUrl('html', lang)} download>
            {t('outcomes.downloadHtml')}
          </Button>
          <Button component="a" size="xs" href={reportUrl('pdf', lang)} download>
            {t('outcomes.downloadPdf')}
          </Button>
        </Group>
      </Group>
      {analysis.isPending && <Loader size="sm" aria-label={t('outcomes.computing')} />}
      {analysis.isError && <QueryError error={analysis.error} onRetry={() => void analysis.refetch()} />}
      {analysis.data && <Outcomes result={analysis.data} lang={lang} />}
    </Stack>
  );
}

function Outcomes({ result, lang }: { result: AnalysisResult; lang: Lang }) {
  const text = (key: Parameters<typeof reportText>[0]) => reportText(key, lang);
  return (
    <>
      <ProvenanceSection result={result} lang={lang} />
      <Section title={text('baseline')}>
        <ReportTable model={baselineTable(result.baseline, result, lang)} />
      </Section>
      <PrimaryOutcome result={result} lang={lang} />
      <Heatmaps result={result} lang={lang} />
      <SecondaryOutcomesSection result={result} lang={lang} />
      <ReadingQualitySection result={result} lang={lang} />
      <Section title={text('exclusions')}>
        <ReportTable model={exclusionsTable(result, lang)} sortable />
      </Section>
    </>
  );
}

function ProvenanceSection({ result, lang }: { result: AnalysisResult; lang: Lang }) {
  const { provenance: p } = result;
  const facts: [string, string][] = [
    [
      reportText('analysedCount', lang),
      ARMS.map((arm) => `${armHeader(arm, lang)}: ${p.counts.analysed[arm]}`).join(', '),
    ],
    [reportText('excludedCount', lang), String(p.counts.excluded)],
    [reportText('adjust', lang), p.parameters.adjust],
    [reportText('snapshot', lang), p.snapshotSha256],
    [reportText('software', lang), p.softwareVersion],
    [reportText('generated', lang), p.generatedAt],
  ];
  return (
    <Section title={reportText('provenance', lang)}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4}>
        {facts.map(([label, value]) => (
          <Text key={label} size="sm" style={{ overflowWrap: 'anywhere' }}>
            <strong>{label}</strong>: {value}
          </Text>
        ))}
      </SimpleGrid>
    </Section>
  );
}

const ALL = 'all';

function PrimaryOutcome({ result, lang }: { result: AnalysisResult; lang: Lang }) {
  const { t } = useTranslation();
  const [abnormality, setAbnormality] = useState<string>(ALL);
  const [level, setLevel] = useState<SiteLevel>('any');
  const [site, setSite] = useState('');
  const rows = useMemo(() => {
    const needle = site.trim().toLowerCase();
    return result.primary.filter(
      (row) =>
        (abnormality === ALL || row.abnormality === abnormality) &&
        row.level === level &&
        (needle === '' ||
          row.site.toLowerCase().includes(needle) ||
          row.label[lang].toLowerCase().includes(needle)),
    );
  }, [result.primary, abnormality, level, site, lang]);
  return (
    <Section title={reportText('primary', lang)}>
      <Group gap="sm" align="flex-end" mb="xs">
        <Select
          label={t('outcomes.abnormality')}
          size="xs"
          value={abnormality}
          onChange={(value) => setAbnormality(value ?? ALL)}
          allowDeselect={false}
          data={[
            { value: ALL, label: t('outcomes.allAbnormalities') },
            ...PRIMARY_ABNORMALITIES.map((a) => ({ value: a, label: abnormalityLabel(a, lang) })),
          ]}
        />
        <SegmentedControl
          size="xs"
          aria-label={t('outcomes.level')}
          value={level}
          onChange={(value) => setLevel(value as SiteLevel)}
          data={(['any', 'pooled', 'site'] as const).map((l) => ({ value: l, label: LEVEL_LABELS[l][lang] }))}
        />
        <TextInput
          label={t('outcomes.site')}
          size="xs"
          value={site}
          onChange={(event) => setSite(event.currentTarget.value)}
          placeholder={t('outcomes.sitePlaceholder')}
        />
      </Group>
      <ReportTable model={primaryTable('primary', reportText('primaryAny', lang), rows, lang)} sortable />
    </Section>
  );
}

function Heatmaps({ result, lang }: { result: AnalysisResult; lang: Lang }) {
  const [abnormality, setAbnormality] = useState<PrimaryAbnormality>('erosion');
  const map = useMemo(() => heatmapFigure(document, result, abnormality, lang), [result, abnormality, lang]);
  return (
    <Section title={reportText('heatmaps', lang)}>
      <SegmentedControl
        size="xs"
        mb="xs"
        aria-label={reportText('abnormality', lang)}
        value={abnormality}
        onChange={(value) => setAbnormality(value as PrimaryAbnormality)}
        data={PRIMARY_ABNORMALITIES.map((a) => ({ value: a, label: abnormalityLabel(a, lang) }))}
      />
      {map === null ? (
        <Text size="sm" c="dimmed">
          {reportText('noRows', lang)}
        </Text>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {map.panels.map((panel) => (
              <Stack key={`${panel.arm}-${panel.view}`} gap={2}>
                <Text size="sm" fw={600} ta="center">
                  {armHeader(panel.arm, lang)}
                </Text>
                <Svg
                  markup={panel.svg}
                  label={`${abnormalityLabel(abnormality, lang)}: ${armHeader(panel.arm, lang)}`}
                />
              </Stack>
            ))}
          </SimpleGrid>
          <Svg markup={map.legend} label={reportText('heatmaps', lang)} />
        </>
      )}
    </Section>
  );
}

function Figure({ markup, label }: { markup: string | null; label: string }) {
  return markup === null ? null : <Svg markup={markup} label={label} />;
}

function SecondaryOutcomesSection({ result, lang }: { result: AnalysisResult; lang: Lang }) {
  const { arterial, venous, correlations } = result.secondary;
  const text = (key: Parameters<typeof reportText>[0]) => reportText(key, lang);
  const leyden = useMemo(() => leydenChangFigure(document, result, lang), [result, lang]);
  const sodium = useMemo(() => sodiumFigure(document, result, lang), [result, lang]);
  return (
    <>
      <Section title={text('arterial')}>
        <ReportTable
          model={secondaryTable('arterial-participants', text('arterial'), arterial.participants, lang)}
        />
        <ReportTable
          model={secondaryTable('arterial-arteries', text('arteries'), arterial.arteries, lang)}
          sortable
        />
        <ReportTable
          model={secondaryTable('arterial-fingers', text('fingers'), arterial.fingers, lang)}
          sortable
        />
        <ReportTable model={leydenChangTable(result, lang)} />
        <Figure markup={leyden} label={text('leydenChang')} />
      </Section>
      <Section title={text('venous')}>
        <ReportTable
          model={secondaryTable(
            'venous-return',
            text('venous'),
            [venous.participants, venous.hands, venous.fingers],
            lang,
          )}
        />
        <ReportTable model={secondaryTable('venous-fingers', text('fingers'), venous.byFinger, lang)} />
      </Section>
      <Section title={text('correlations')}>
        <ReportTable model={correlationsTable(correlations, lang)} sortable />
      </Section>
      <Section title={text('sodium')}>
        <ReportTable model={sodiumTable(result, lang)} sortable />
        <Figure markup={sodium} label={text('sodium')} />
      </Section>
    </>
  );
}

function ReadingQualitySection({ result, lang }: { result: AnalysisResult; lang: Lang }) {
  const q = result.readingQuality;
  const times = useMemo(() => readingTimesFigure(document, result, lang), [result, lang]);
  return (
    <Section title={reportText('readingQuality', lang)}>
      <Text size="sm">
        <strong>
          {reportText('withinDeadline', lang)} ({q.deadlineDays} d)
        </strong>
        : {formatProportion(q.finalWithinDeadline, lang, true)}
      </Text>
      <Text size="sm">
        <strong>{reportText('daysToFinal', lang)}</strong>: {formatMedianIqr(q.daysToFinal, lang)}
      </Text>
      <Figure markup={times} label={reportText('daysToFinal', lang)} />
      <ReportTable model={agreementTable(result, lang)} />
    </Section>
  );
}
