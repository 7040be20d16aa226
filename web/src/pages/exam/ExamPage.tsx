import {
  Anchor,
  Badge,
  Breadcrumbs,
  Box,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { thumbnailUrl, useExamSeries, type SeriesSummary } from '../../api/imaging.ts';
import { queryKeys } from '../../api/queries.ts';
import type { Exam, Id, ParticipantDetail } from '../../api/types.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useAuth } from '../../lib/auth.tsx';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { nucleusLabel, useLabels } from '../../lib/labels.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { prefetchViewerChunk } from '../../viewer/preload.ts';
import { Fact, Facts } from '../participant/shared.tsx';
import { ImageUpload } from './ImageUpload.tsx';
import { ImagesSection } from './ImagesSection.tsx';
import { SodiumSection } from './SodiumSection.tsx';

/** One MRI exam: its facts, its image series with thumbnails, the image viewer, and the image upload. */
export function ExamPage() {
  const { code = '', examId = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const fmt = useFormat();
  const labels = useLabels();
  // The exam comes with its participant's record, which the participant page has usually loaded already.
  const detail = useQuery({
    queryKey: queryKeys.participant(code),
    queryFn: ({ signal }) =>
      api.get<ParticipantDetail>(`/api/participants/${encodeURIComponent(code)}`, { signal }),
  });
  const exam = detail.data?.exams.find((e) => String(e.id) === examId);
  usePageTitle(t('exam.pageTitle', { exam: exam?.examCode ?? '' }));
  const canReadImages = can('imaging.read');
  // The viewer's chunk takes longest to arrive: it comes while the exam and its series load. Fetched for an exam
  // without images too (then once for the session), which is rarer than opening one with images.
  useEffect(() => {
    if (canReadImages) prefetchViewerChunk();
  }, [canReadImages]);

  const breadcrumbs = (
    <Breadcrumbs aria-label={t('exam.breadcrumb')} separator="›">
      <Anchor component={Link} to="/participants" size="sm">
        {t('participants.title')}
      </Anchor>
      <Anchor component={Link} to={`/participants/${encodeURIComponent(code)}`} size="sm">
        {code}
      </Anchor>
      <Text size="sm" aria-current="page">
        {exam?.examCode ?? EMPTY}
      </Text>
    </Breadcrumbs>
  );

  if (detail.isPending)
    return (
      <Stack>
        {breadcrumbs}
        <Skeleton h={32} w={240} />
        <Skeleton h={200} />
      </Stack>
    );
  if (detail.isError || !exam)
    return (
      <Stack maw={720}>
        {breadcrumbs}
        {detail.isError ? (
          <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
        ) : (
          <Text>{t('exam.notFound', { code })}</Text>
        )}
      </Stack>
    );

  return (
    <Stack gap="md">
      {breadcrumbs}
      <Paper withBorder p="sm" radius="sm">
        <Group gap="sm" mb="xs">
          <Title order={1} size="h2" ff="monospace">
            {exam.examCode}
          </Title>
          <Badge variant="light" color="gray" tt="none" radius="sm" size="lg">
            {labels.examStatus(exam.status)}
          </Badge>
        </Group>
        <Facts>
          <Fact label={t('exam.participant')}>{code}</Fact>
          <Fact label={t('exams.acquiredAt')}>{fmt.dateTime(exam.acquiredAt)}</Fact>
          <Fact label={t('exams.hands')}>{labels.hands(exam.hands)}</Fact>
          <Fact label={t('exams.scanner')}>{exam.scanner || EMPTY}</Fact>
          <Fact label={t('exams.readingDueAt')}>{fmt.dateTime(exam.readingDueAt)}</Fact>
        </Facts>
      </Paper>
      <SeriesSection exam={exam} canUpload={can('imaging.import')} showThumbnails={canReadImages} />
      {canReadImages && <ImagesSection examId={exam.id} />}
      {can('imaging.import') && (
        <Section title={t('upload.title')}>
          <ImageUpload examId={exam.id} />
        </Section>
      )}
      {can('sodium.read') && <SodiumSection examId={exam.id} />}
    </Stack>
  );
}

function SeriesSection({
  exam,
  canUpload,
  showThumbnails,
}: {
  exam: Exam;
  canUpload: boolean;
  showThumbnails: boolean;
}) {
  const { t } = useTranslation();
  const series = useExamSeries(exam.id);
  const columns = showThumbnails ? 7 : 6;
  return (
    <Section title={t('exam.series.title')}>
      {series.isError && <QueryError error={series.error} onRetry={() => void series.refetch()} />}
      {series.isPending && <Skeleton h={120} />}
      {series.data && (
        <DenseTable caption={t('exam.series.title')}>
          <Table.Thead>
            <Table.Tr>
              {showThumbnails && <Table.Th>{t('exam.series.thumbnail')}</Table.Th>}
              <Table.Th>{t('exam.series.number')}</Table.Th>
              <Table.Th>{t('exam.series.description')}</Table.Th>
              <Table.Th>{t('exam.series.nucleus')}</Table.Th>
              <Table.Th>{t('exam.series.dimensions')}</Table.Th>
              <Table.Th>{t('exam.series.instances')}</Table.Th>
              <Table.Th>{t('exam.series.format')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {series.data.items.map((s) => (
              <SeriesRow key={s.id} examId={exam.id} series={s} showThumbnail={showThumbnails} />
            ))}
            {series.data.items.length === 0 && (
              <EmptyRow colSpan={columns}>
                {canUpload ? t('exam.series.emptyUpload') : t('exam.series.empty')}
              </EmptyRow>
            )}
          </Table.Tbody>
        </DenseTable>
      )}
    </Section>
  );
}

const THUMBNAIL_PX = 64;

function SeriesRow({
  examId,
  series,
  showThumbnail,
}: {
  examId: Id;
  series: SeriesSummary;
  showThumbnail: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [broken, setBroken] = useState(false);
  const description = series.seriesDescription || t('exam.series.untitled');
  return (
    <Table.Tr data-testid="series-row">
      {showThumbnail && (
        <Table.Td w={THUMBNAIL_PX + 16}>
          {broken ? (
            <Text size="xs" c="dimmed">
              {t('exam.series.noThumbnail')}
            </Text>
          ) : (
            <Box
              component="img"
              src={thumbnailUrl(examId, series.seriesInstanceUid)}
              alt={t('exam.series.thumbnailOf', { series: description })}
              loading="lazy"
              width={THUMBNAIL_PX}
              height={THUMBNAIL_PX}
              onError={() => setBroken(true)}
              // Small test images and sodium matrices are a few pixels wide: show their pixels, not a blur.
              style={{
                objectFit: 'contain',
                background: 'black',
                imageRendering: 'pixelated',
                display: 'block',
              }}
            />
          )}
        </Table.Td>
      )}
      <Table.Td>{series.seriesNumber ?? EMPTY}</Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <span>{description}</span>
          {series.burnedInSuspect && (
            <Badge
              color="orange"
              variant="light"
              tt="none"
              radius="sm"
              size="sm"
              title={t('exam.series.burnedInHint')}
            >
              {t('exam.series.burnedIn')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{nucleusLabel(series.nucleus)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {`${fmt.number(series.rows)} × ${fmt.number(series.columns)} × ${fmt.number(series.frames)}`}
      </Table.Td>
      <Table.Td>{fmt.number(series.instances)}</Table.Td>
      <Table.Td>{series.format === 'nifti' ? 'NIfTI' : 'DICOM'}</Table.Td>
    </Table.Tr>
  );
}
