import { Alert, Badge, Group, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Calibration } from '../../../../src/core/sodium/quantify.ts';
import type { StoredQuantification as Quantification } from '../../../../src/core/sodium/records.ts';
import { api } from '../../api/client.ts';
import type { Id } from '../../api/types.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { useFormat } from '../../lib/format.ts';

const sodiumKey = (examId: Id) => ['sodium', 'exam', String(examId)] as const;

const PLOT = { width: 420, height: 300, residualHeight: 90, margin: 44 } as const;

/** Ticks at round steps covering [0, max]. */
function ticks(max: number, count = 5): number[] {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
}

/**
 * Signal against concentration for the reference tubes with the fitted line, and below it the residuals, in a
 * hand-written SVG: five points and a line need no charting library.
 */
function CalibrationPlot({ calibration }: { calibration: Calibration }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const refs = calibration.references;
  const maxC = Math.max(...refs.map((r) => r.concentrationMmol)) * 1.1;
  const line = (c: number) => calibration.slope * c + calibration.intercept;
  const maxS = Math.max(...refs.map((r) => r.correctedSignal), line(maxC)) * 1.1;
  const maxResidual = Math.max(...refs.map((r) => Math.abs(r.residual)), 1e-9) * 1.2;
  const { width, height, residualHeight, margin } = PLOT;
  const plotW = width - margin - 10;
  const plotH = height - margin - 10;
  const x = (c: number) => margin + (c / maxC) * plotW;
  const y = (s: number) => 10 + plotH - (s / maxS) * plotH;
  const residualTop = height + 10;
  const residualMid = residualTop + residualHeight / 2;
  const ry = (r: number) => residualMid - (r / maxResidual) * (residualHeight / 2 - 4);
  return (
    <svg
      role="img"
      aria-label={t('sodium.plot.label')}
      viewBox={`0 0 ${width} ${height + residualHeight + 30}`}
      width="100%"
      style={{ maxWidth: width }}
    >
      <title>{t('sodium.plot.label')}</title>
      <line x1={margin} y1={10 + plotH} x2={margin + plotW} y2={10 + plotH} stroke="currentColor" />
      <line x1={margin} y1={10} x2={margin} y2={10 + plotH} stroke="currentColor" />
      {ticks(maxC).map((c) => (
        <text key={`x${c}`} x={x(c)} y={height - 18} fontSize={10} textAnchor="middle" fill="currentColor">
          {fmt.number(c)}
        </text>
      ))}
      {ticks(maxS).map((s) => (
        <text key={`y${s}`} x={margin - 4} y={y(s) + 3} fontSize={10} textAnchor="end" fill="currentColor">
          {fmt.number(Math.round(s))}
        </text>
      ))}
      <text x={margin + plotW / 2} y={height - 4} fontSize={11} textAnchor="middle" fill="currentColor">
        {t('sodium.plot.concentration')}
      </text>
      <text
        x={10}
        y={10 + plotH / 2}
        fontSize={11}
        textAnchor="middle"
        fill="currentColor"
        transform={`rotate(-90 10 ${10 + plotH / 2})`}
      >
        {t('sodium.plot.signal')}
      </text>
      <line
        x1={x(0)}
        y1={y(Math.max(0, line(0)))}
        x2={x(maxC)}
        y2={y(line(maxC))}
        stroke="var(--mantine-color-blue-6)"
        strokeWidth={1.5}
      >
        <title>{t('sodium.plot.fit')}</title>
      </line>
      {refs.map((r) => (
        <circle
          key={r.label}
          cx={x(r.concentrationMmol)}
          cy={y(r.correctedSignal)}
          r={4}
          fill="var(--mantine-color-orange-7)"
        >
          <title>{`${r.name}: ${fmt.number(r.concentrationMmol)} mmol/L → ${r.correctedSignal.toPrecision(4)}`}</title>
        </circle>
      ))}
      <text x={margin} y={residualTop - 2} fontSize={11} fill="currentColor">
        {t('sodium.plot.residuals')}
      </text>
      <line
        x1={margin}
        y1={residualMid}
        x2={margin + plotW}
        y2={residualMid}
        stroke="currentColor"
        strokeDasharray="3 3"
      />
      {refs.map((r) => (
        <g key={r.label}>
          <line
            x1={x(r.concentrationMmol)}
            y1={residualMid}
            x2={x(r.concentrationMmol)}
            y2={ry(r.residual)}
            stroke="var(--mantine-color-orange-7)"
          />
          <circle cx={x(r.concentrationMmol)} cy={ry(r.residual)} r={3} fill="var(--mantine-color-orange-7)">
            <title>{`${r.name}: ${r.residual.toPrecision(3)}`}</title>
          </circle>
        </g>
      ))}
    </svg>
  );
}

const mmol = (v: number) => v.toFixed(1);

/** The sodium quantification of an MRI exam: calibration, per-joint results, warnings, provenance and history. */
export function SodiumSection({ examId }: { examId: Id }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useQuery({
    queryKey: sodiumKey(examId),
    queryFn: ({ signal }) =>
      api.get<{ items: Quantification[] }>(`/api/exams/${encodeURIComponent(String(examId))}/sodium`, {
        signal,
      }),
  });
  if (query.isPending)
    return (
      <Section title={t('sodium.title')}>
        <Loader size="sm" aria-label={t('common.loading')} />
      </Section>
    );
  if (query.isError)
    return (
      <Section title={t('sodium.title')}>
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      </Section>
    );
  const items = query.data.items;
  const current = items.find((q) => q.status === 'current');
  const history = items.filter((q) => q.status !== 'current');
  if (!current)
    return (
      <Section title={t('sodium.title')}>
        <Text c="dimmed">{t('sodium.none')}</Text>
      </Section>
    );
  const c = current.calibration;
  const joints = current.rois.filter((r) => r.kind === 'joint');
  // Provenance is free-form JSON: show the named input files it records.
  const recorded = current.parameters.inputs;
  const inputs = recorded !== null && typeof recorded === 'object' ? recorded : {};
  return (
    <Section title={t('sodium.title')}>
      <Stack gap="md">
        <Group align="flex-start" gap="xl" wrap="wrap">
          <CalibrationPlot calibration={c} />
          <Stack gap={4}>
            <Title order={3} size="h5">
              {t('sodium.calibration')}
            </Title>
            <Text size="sm">
              {t('sodium.fit', {
                slope: c.slope.toPrecision(5),
                intercept: c.intercept.toPrecision(4),
              })}
            </Text>
            <Text size="sm">{t('sodium.r2', { r2: c.r2.toFixed(4) })}</Text>
            <Text size="sm">
              {t('sodium.noiseSigma', { sigma: c.noiseSigma === null ? '—' : c.noiseSigma.toPrecision(3) })}
            </Text>
            <Text size="sm">{t('sodium.references', { n: c.references.length })}</Text>
          </Stack>
        </Group>

        <DenseTable caption={t('sodium.table.caption')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sodium.table.joint')}</Table.Th>
              <Table.Th ta="right">{t('sodium.table.voxels')}</Table.Th>
              <Table.Th ta="right">{t('sodium.table.volume')}</Table.Th>
              <Table.Th ta="right">{t('sodium.table.mean')}</Table.Th>
              <Table.Th ta="right">{t('sodium.table.median')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {joints.length === 0 && <EmptyRow colSpan={5}>{t('sodium.table.empty')}</EmptyRow>}
            {joints.map((r) => (
              <Table.Tr key={r.label}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td ta="right">{fmt.number(r.voxels)}</Table.Td>
                <Table.Td ta="right">{fmt.number(Math.round(r.volumeMm3))}</Table.Td>
                <Table.Td ta="right">
                  {mmol(r.concentrationMmol.mean)} ± {mmol(r.concentrationMmol.sd)}
                </Table.Td>
                <Table.Td ta="right">{mmol(r.concentrationMmol.median)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DenseTable>

        {current.warnings.length > 0 && (
          <Alert color="yellow" title={t('sodium.warnings', { n: current.warnings.length })}>
            <List size="sm">
              {current.warnings.map((w, i) => (
                <List.Item key={i}>{w}</List.Item>
              ))}
            </List>
          </Alert>
        )}

        <Stack gap={2}>
          <Title order={3} size="h5">
            {t('sodium.provenance.title')}
          </Title>
          <Text size="sm">
            {t('sodium.provenance.recorded', {
              by: current.recordedBy,
              at: fmt.dateTime(current.recordedAt),
              version: current.manusVersion,
            })}
          </Text>
          <Text size="sm">
            {current.parameters.noiseCorrection === false
              ? t('sodium.provenance.noNoiseCorrection')
              : t('sodium.provenance.noiseCorrection')}
          </Text>
          {Object.entries(inputs)
            .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
            .map(([name, value]) => (
              <Text size="sm" key={name} style={{ wordBreak: 'break-all' }}>
                <Text span fw={500}>
                  {name}
                </Text>
                : {value}
              </Text>
            ))}
        </Stack>

        {history.length > 0 && (
          <Stack gap={2}>
            <Title order={3} size="h5">
              {t('sodium.history.title')}
            </Title>
            <List size="sm">
              {history.map((q) => (
                <List.Item key={q.id}>
                  <Group gap="xs">
                    <Badge variant="light" color="gray" size="sm">
                      {t('sodium.history.superseded')}
                    </Badge>
                    {t('sodium.history.entry', {
                      at: fmt.dateTime(q.recordedAt),
                      by: q.recordedBy,
                      r2: q.calibration.r2.toFixed(4),
                      joints: q.rois.filter((r) => r.kind === 'joint').length,
                    })}
                  </Group>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
    </Section>
  );
}
