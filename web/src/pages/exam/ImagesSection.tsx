import { Button, Skeleton } from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useExamSeries } from '../../api/imaging.ts';
import type { Id } from '../../api/types.ts';
import { Section } from '../../components/Section.tsx';
import type { Measurement, ViewerSeries } from '../../viewer/ImageViewer.tsx';
import { loadImageViewer, preloadViewer } from '../../viewer/preload.ts';

// Cornerstone is several MB: the viewer is its own chunk, fetched only when an exam is opened by someone who may
// see its images.
const ImageViewer = lazy(loadImageViewer);
const DICOMWEB = '/api/dicomweb';

/**
 * The exam's DICOM series in the image viewer. Measurements drawn here last while the page is open (they are
 * restored when the images are hidden and shown again); the reading workstation saves its own to Manus.
 */
export function ImagesSection({ examId }: { examId: Id }) {
  const { t } = useTranslation();
  const summaries = useExamSeries(examId);
  const [open, setOpen] = useState(true);
  const [measurements, setMeasurements] = useState<Measurement[]>([]);
  const series = useMemo<ViewerSeries[]>(
    () =>
      (summaries.data?.items ?? [])
        .filter((s) => s.format === 'dicom')
        .map((s) => ({
          studyUid: s.studyInstanceUid,
          seriesUid: s.seriesInstanceUid,
          description: s.seriesDescription || t('exam.series.untitled'),
          nucleus: s.nucleus,
          frames: s.frames,
        })),
    [summaries.data, t],
  );
  useEffect(() => (series.length > 0 ? preloadViewer(DICOMWEB, series) : undefined), [series]);
  if (series.length === 0) return null;
  return (
    <Section
      title={t('viewer.title')}
      actions={
        <Button size="xs" variant="default" onClick={() => setOpen((o) => !o)}>
          {open ? t('viewer.hide') : t('viewer.show')}
        </Button>
      }
    >
      {open && (
        <Suspense fallback={<Skeleton h={480} aria-label={t('viewer.loading')} />}>
          <ImageViewer
            dicomwebBase={DICOMWEB}
            series={series}
            measurements={measurements}
            onMeasurementsChange={setMeasurements}
          />
        </Suspense>
      )}
    </Section>
  );
}
