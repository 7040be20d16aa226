import { Alert, Skeleton } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskSeries } from '../../api/reading.ts';
import type { ViewerSeries } from '../../viewer/ImageViewer.tsx';

// Cornerstone is several MB: its own chunk, fetched when the workstation opens, after the form's.
const ImageViewer = lazy(() => import('../../viewer/ImageViewer.tsx'));

/**
 * The task's images in the viewer, read through the task's own blinded DICOMweb root (patient attributes replaced by
 * the exam code), never through /api/dicomweb.
 */
export function TaskImages({
  series,
  dicomwebBase,
}: {
  series: readonly TaskSeries[];
  dicomwebBase: string;
}) {
  const { t } = useTranslation();
  const viewerSeries = useMemo<ViewerSeries[]>(
    () =>
      series.map((s) => ({
        studyUid: s.studyUid,
        seriesUid: s.seriesUid,
        description: s.description || t('exam.series.untitled'),
        nucleus: s.nucleus,
        frames: s.frames,
      })),
    [series, t],
  );
  if (viewerSeries.length === 0)
    return (
      <Alert color="gray" variant="light">
        {t('reading.noImages')}
      </Alert>
    );
  return (
    <Suspense fallback={<Skeleton h={480} aria-label={t('viewer.loading')} />}>
      <ImageViewer dicomwebBase={dicomwebBase} series={viewerSeries} />
    </Suspense>
  );
}
