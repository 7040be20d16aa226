import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DenseTable, EmptyRow } from '../components/Tables.tsx';
import { useFormat } from '../lib/format.ts';
import type { Measurement } from './measurements.ts';
import type { ViewerSeries } from './series-list.ts';

/** The value a tool reports first: a length, an ellipse's mean and area, a probe's value. */
function useValueText(): (m: Measurement) => string {
  const fmt = useFormat();
  const num = (v: number | string | undefined, digits: number): string =>
    typeof v === 'number' ? fmt.number(Number(v.toFixed(digits))) : '—';
  return (m) => {
    const s = m.stats;
    switch (m.tool) {
      case 'Length':
        return `${num(s.length, 2)} ${s.unit ?? 'mm'}`;
      case 'EllipticalROI':
        return `${num(s.area, 1)} ${s.areaUnit ?? 'mm²'} · ${num(s.mean, 1)} ± ${num(s.stdDev, 1)}`;
      case 'Probe':
        return num(s.value, 2);
    }
  };
}

/** The viewer's measurements, each with the stored frame it was drawn on and its points in patient mm. */
export function MeasurementTable({
  measurements,
  series,
  readOnly,
}: {
  measurements: readonly Measurement[];
  series: readonly ViewerSeries[];
  /** Then nothing invites drawing one. */
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const valueText = useValueText();
  const point = (p: readonly number[]) => `(${p.map((v) => fmt.number(Number(v.toFixed(2)))).join('; ')})`;
  return (
    <DenseTable caption={t('viewer.measurements')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('viewer.measurement.tool')}</Table.Th>
          <Table.Th>{t('viewer.measurement.series')}</Table.Th>
          <Table.Th>{t('viewer.measurement.image')}</Table.Th>
          <Table.Th>{t('viewer.measurement.value')}</Table.Th>
          <Table.Th>{t('viewer.measurement.points')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {measurements.map((m) => (
          <Table.Tr key={m.uid} data-testid="measurement-row">
            <Table.Td>{t(`viewer.toolName.${m.tool}`)}</Table.Td>
            <Table.Td>{series.find((s) => s.seriesUid === m.seriesUid)?.description ?? m.seriesUid}</Table.Td>
            <Table.Td>
              <Text size="xs" ff="monospace" title={m.sopInstanceUid}>
                …{m.sopInstanceUid.slice(-8)} #{m.frame}
              </Text>
            </Table.Td>
            <Table.Td data-testid="measurement-value">{valueText(m)}</Table.Td>
            <Table.Td data-testid="measurement-points">
              <Text size="xs" ff="monospace">
                {m.points.map(point).join(' → ')}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
        {measurements.length === 0 && (
          <EmptyRow colSpan={5}>
            {t(readOnly ? 'viewer.noMeasurementsReadOnly' : 'viewer.noMeasurements')}
          </EmptyRow>
        )}
      </Table.Tbody>
    </DenseTable>
  );
}
