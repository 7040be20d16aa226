import { Alert, Skeleton } from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskSeries } from '../../api/reading.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import type { ViewerSeries } from '../../viewer/ImageViewer.tsx';
import { loadImageViewer, preloadViewer } from '../../viewer/preload.ts';
import { useTaskMeasurements } from './useTaskMeasurements.ts';

// Cornerstone is several MB: its own chunk, fetched when the workstation opens.
const ImageViewer = lazy(loadImageViewer);

/**
 * The task's images in the viewer, read through the task's own blinded DICOMweb root (patient attributes replaced by
 * the exam code), never through /api/dicomweb.
 */
export function TaskImages({
  taskId,
  series,
  dicomwebBase,
  editable,
}: {
  taskId: string;
  series: readonly TaskSeries[];
  dicomwebBase: string;
  /** Measurements of a submitted reading are locked with it: shown, not saved. */
  editable: boolean;
}) {
  const { t } = useTranslation();
  const measurements = useTaskMeasurements(taskId, editable);
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
  // The images load while the saved measurements do: the viewer waits for those only to open.
  useEffect(
    () => (viewerSeries.length > 0 ? preloadViewer(dicomwebBase, viewerSeries) : undefined),
    [dicomwebBase, viewerSeries],
  );
  if (viewerSeries.length === 0)
    return (
      <Alert color="gray" variant="light">
        {t('reading.noImages')}
      </Alert>
    );
  if (measurements.loadError) return <QueryError error={measurements.loadError} />;
  // The viewer reads the measurements to restore once, when it opens: it waits for them.
  if (!measurements.initial) return <Skeleton h={480} aria-label={t('viewer.loading')} />;
  return (
    <>
      {measurements.error !== null && (
        <Alert color="red" variant="light" mb="xs" role="alert">
          {t('reading.measurementsNotSaved')}
        </Alert>
      )}
      <Suspense fallback={<Skeleton h={480} aria-label={t('viewer.loading')} />}>
        <ImageViewer
          dicomwebBase={dicomwebBase}
          series={viewerSeries}
          measurements={measurements.initial}
          onMeasurementsChange={measurements.onChange}
          readOnly={!editable}
        />
      </Suspense>
    </>
  );
}
