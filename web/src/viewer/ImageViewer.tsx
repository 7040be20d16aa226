import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { MeasurementTable } from './MeasurementTable.tsx';
import { isMeasurementTool, type Measurement } from './measurements.ts';
import { isSodium, openingSeries, type ViewerSeries } from './series-list.ts';
import { ViewerSession, type Preset, type PrimaryTool, type Slot, type ViewState } from './session.ts';

export type { Measurement } from './measurements.ts';
export type { ViewerSeries } from './series-list.ts';

export interface ImageViewerProps {
  /** DICOMweb root the series are read from, same origin (e.g. /api/dicomweb, or a reading task's). */
  dicomwebBase: string;
  series: readonly ViewerSeries[];
  /** Measurements to show when the viewer opens (read once, at opening). */
  measurements?: readonly Measurement[];
  onMeasurementsChange?: (measurements: Measurement[]) => void;
  /**
   * Shows the measurements without letting any be drawn, moved or deleted (a submitted reading): the measuring
   * tools are off; scrolling, window/level, zoom and pan stay.
   */
  readOnly?: boolean;
}

const PRIMARY_TOOLS: PrimaryTool[] = ['WindowLevel', 'Pan', 'Zoom', 'Length', 'EllipticalROI', 'Probe'];
const PRESETS: Preset[] = ['dicom', 'minmax', 'sodium'];
const TOOL_KEYS: Record<string, PrimaryTool> = {
  w: 'WindowLevel',
  m: 'Pan',
  z: 'Zoom',
  l: 'Length',
  e: 'EllipticalROI',
  p: 'Probe',
};
const PRESET_KEYS: Record<string, Preset> = { '1': 'dicom', '2': 'minmax', '3': 'sodium' };
const SCROLL_KEYS: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, Home: -Infinity, End: Infinity };
const ZOOM_STEP = 1.25;
const VIEWPORT_HEIGHT = 480;

const nucleusOf = (s: ViewerSeries): string => (isSodium(s) ? '23Na' : (s.nucleus ?? '—'));

/**
 * The image viewer: Cornerstone3D stack viewports on Manus's DICOMweb, with a series switcher, window/level
 * presets, zoom, pan, scroll, length / ellipse / probe measurements in patient coordinates, and a second viewport
 * for the 23Na series that follows the 1H slices when both share a frame of reference and orientation.
 */
export function ImageViewer({
  dicomwebBase,
  series,
  measurements,
  onMeasurementsChange,
  readOnly = false,
}: ImageViewerProps) {
  const { t } = useTranslation();
  const mainElement = useRef<HTMLDivElement>(null);
  const secondElement = useRef<HTMLDivElement>(null);
  const initialMeasurements = useRef(measurements ?? []);
  const reportMeasurements = useRef(onMeasurementsChange);
  reportMeasurements.current = onMeasurementsChange;
  // The series are looked up by UID when shown, so a parent that rebuilds the list does not reload the images.
  const seriesList = useRef(series);
  seriesList.current = series;

  const sodium = series.filter(isSodium);
  const [mainUid, setMainUid] = useState(() => openingSeries(series).main?.seriesUid);
  const main = series.find((s) => s.seriesUid === mainUid) ?? series[0];
  const [secondUid, setSecondUid] = useState<string | null>(
    () => openingSeries(series).second?.seriesUid ?? null,
  );
  const second = sodium.find((s) => s.seriesUid === secondUid && s.seriesUid !== main?.seriesUid) ?? null;
  const shownMainUid = main?.seriesUid;
  const shownSecondUid = second?.seriesUid;

  const [session, setSession] = useState<ViewerSession | null>(null);
  const [views, setViews] = useState<Partial<Record<Slot, ViewState>>>({});
  const [tool, setTool] = useState<PrimaryTool>('WindowLevel');
  const [synchronised, setSynchronised] = useState<boolean | null>(null);
  const [shownMeasurements, setShownMeasurements] = useState<readonly Measurement[]>(
    initialMeasurements.current,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const created = new ViewerSession(
      dicomwebBase,
      initialMeasurements.current,
      {
        onView: (slot, view) => setViews((v) => ({ ...v, [slot]: view })),
        onMeasurements: (list) => {
          initialMeasurements.current = list;
          setShownMeasurements(list);
          reportMeasurements.current?.(list);
        },
      },
      readOnly,
    );
    // A viewer made read-only (its reading just submitted) starts again with the primary tool it opens with.
    setTool('WindowLevel');
    setSession(created);
    return () => created.destroy();
  }, [dicomwebBase, readOnly]);

  useEffect(() => {
    const shown = seriesList.current.find((s) => s.seriesUid === shownMainUid);
    if (!session || !shown) return;
    setError(null);
    session
      .show('main', mainElement.current, shown)
      .then(() => setSynchronised(session.synchronized))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [session, shownMainUid]);

  useEffect(() => {
    if (!session) return;
    const shown = seriesList.current.find((s) => s.seriesUid === shownSecondUid) ?? null;
    session
      .show('second', secondElement.current, shown)
      .then(() => setSynchronised(session.synchronized))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [session, shownSecondUid]);

  if (!main) return <Text c="dimmed">{t('viewer.noSeries')}</Text>;

  const chooseTool = (next: PrimaryTool) => {
    if (readOnly && isMeasurementTool(next)) return;
    session?.setPrimaryTool(next);
    setTool(next);
  };
  const switchSeries = (step: number) => {
    const at = series.findIndex((s) => s.seriesUid === main.seriesUid);
    const next = series[Math.min(series.length - 1, Math.max(0, at + step))];
    if (next) setMainUid(next.seriesUid);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!session || event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys typed into the viewer's own selects keep their usual meaning.
    if (event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key in SCROLL_KEYS) void session.scroll('main', SCROLL_KEYS[key]!);
    else if (key === 'PageUp' || key === 'PageDown') switchSeries(key === 'PageUp' ? -1 : 1);
    else if (key === ' ') session.reset('main');
    else if (key === '+' || key === '=') session.zoom('main', ZOOM_STEP);
    else if (key === '-') session.zoom('main', 1 / ZOOM_STEP);
    else if (key in TOOL_KEYS) chooseTool(TOOL_KEYS[key]!);
    else if (key in PRESET_KEYS) session.applyPreset('main', PRESET_KEYS[key]!);
    else return;
    event.preventDefault();
  };

  const viewport = (slot: Slot, shown: ViewerSeries, element: RefObject<HTMLDivElement | null>) => {
    const view = views[slot];
    return (
      <Box pos="relative" h={VIEWPORT_HEIGHT} bg="black" style={{ borderRadius: 4, overflow: 'hidden' }}>
        {/* Cornerstone owns this element: it must have no React children. */}
        <div
          ref={element}
          data-testid={`viewport-${slot}`}
          data-image-index={view?.index ?? ''}
          role="img"
          aria-label={t('viewer.viewport', { series: shown.description })}
          style={{ width: '100%', height: '100%' }}
          onContextMenu={(e) => e.preventDefault()}
        />
        <Text
          size="xs"
          c="white"
          pos="absolute"
          top={4}
          left={8}
          style={{ pointerEvents: 'none', textShadow: '0 0 2px black' }}
          data-testid={`viewport-${slot}-overlay`}
        >
          {shown.description} · {nucleusOf(shown)}
          {view && <br />}
          {view && t('viewer.image', { index: view.index + 1, count: view.count })}
          {view?.voi && ' · '}
          {view?.voi &&
            t('viewer.window', {
              width: Math.round(view.voi.upper - view.voi.lower),
              level: Math.round((view.voi.upper + view.voi.lower) / 2),
            })}
        </Text>
      </Box>
    );
  };

  return (
    <Stack
      gap="xs"
      tabIndex={0}
      onKeyDown={onKeyDown}
      // Cornerstone swallows the mouse down: focus the viewer so its keys work after a click on the image.
      onMouseDownCapture={(e) => e.currentTarget.focus({ preventScroll: true })}
      data-testid="image-viewer"
      style={{ outlineOffset: 2 }}
    >
      <Group gap="sm" align="end" wrap="wrap">
        <NativeSelect
          label={t('viewer.series')}
          value={main.seriesUid}
          onChange={(e) => setMainUid(e.currentTarget.value)}
          data={series.map((s) => ({
            value: s.seriesUid,
            label: t('viewer.seriesOption', {
              description: s.description,
              nucleus: nucleusOf(s),
              frames: s.frames,
            }),
          }))}
        />
        {sodium.length > 0 && !isSodium(main) && (
          <NativeSelect
            label={t('viewer.second')}
            value={second?.seriesUid ?? ''}
            onChange={(e) => setSecondUid(e.currentTarget.value || null)}
            data={[
              { value: '', label: t('viewer.none') },
              ...sodium.map((s) => ({ value: s.seriesUid, label: s.description })),
            ]}
          />
        )}
      </Group>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label={t('viewer.tools')}
          size="xs"
          value={tool}
          onChange={(value) => chooseTool(value as PrimaryTool)}
          data={PRIMARY_TOOLS.map((name) => ({
            value: name,
            label: t(`viewer.tool.${name}`),
            disabled: readOnly && isMeasurementTool(name),
          }))}
        />
        <Button.Group aria-label={t('viewer.presets')}>
          {PRESETS.map((preset) => (
            <Button
              key={preset}
              size="xs"
              variant="default"
              onClick={() => session?.applyPreset('main', preset)}
            >
              {t(`viewer.preset.${preset}`)}
            </Button>
          ))}
        </Button.Group>
        <Button size="xs" variant="default" onClick={() => session?.reset('main')}>
          {t('viewer.reset')}
        </Button>
      </Group>
      {readOnly && (
        <Group gap="xs" wrap="nowrap" data-testid="viewer-read-only">
          <Badge color="gray" variant="light" radius="sm" style={{ flexShrink: 0 }}>
            {t('viewer.readOnly')}
          </Badge>
          <Text size="xs" c="dimmed">
            {t('viewer.readOnlyNote')}
          </Text>
        </Group>
      )}
      {error && (
        <Alert color="red" variant="light">
          {t('viewer.loadError', { message: error })}
        </Alert>
      )}
      <SimpleGrid cols={second ? 2 : 1} spacing="xs">
        {viewport('main', main, mainElement)}
        {second && viewport('second', second, secondElement)}
      </SimpleGrid>
      {second && synchronised !== null && (
        <Text size="sm" c={synchronised ? 'dimmed' : 'orange'} data-testid="sync-note">
          {synchronised ? t('viewer.synchronised') : t('viewer.notSynchronised')}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('viewer.help')}
      </Text>
      <MeasurementTable measurements={shownMeasurements} series={series} readOnly={readOnly} />
    </Stack>
  );
}

export default ImageViewer;
