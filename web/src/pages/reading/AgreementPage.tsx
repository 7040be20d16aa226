import { Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ItemAgreement } from '../../../../src/core/reading/agreement.ts';
import { readingItem } from '../../../../src/core/reading/items.ts';
import { api } from '../../api/client.ts';
import { readingKeys, type AgreementReport } from '../../api/reading.ts';
import { QueryError } from '../../components/ErrorAlert.tsx';
import { DenseTable, EmptyRow } from '../../components/Tables.tsx';
import { toLanguage } from '../../i18n/index.ts';
import { EMPTY, useFormat } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';

/** /reading/agreement — inter-reader agreement per item (and per pooled site where there are enough pairs). */
export function AgreementPage() {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  const fmt = useFormat();
  usePageTitle(t('reading.agreement.title'));
  const report = useQuery({
    queryKey: readingKeys.agreement,
    queryFn: ({ signal }) => api.get<AgreementReport>('/api/reading/agreement', { signal }),
  });
  const kappa = (value: number | null) =>
    value === null
      ? EMPTY
      : value.toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB', {
          minimumFractionDigits: 2,
          maximumFractionDigits: 2,
        });
  const cells = (row: ItemAgreement) => (
    <>
      <Table.Td>{t(`reading.agreement.weighting.${row.weighting}`)}</Table.Td>
      <Table.Td ta="right">{fmt.number(row.pairs)}</Table.Td>
      <Table.Td ta="right">
        {row.percentAgreement === null ? EMPTY : fmt.percent(row.percentAgreement, 100)}
      </Table.Td>
      <Table.Td ta="right">{kappa(row.kappa)}</Table.Td>
    </>
  );
  const head = (first: string[]) => (
    <Table.Thead>
      <Table.Tr>
        {first.map((h) => (
          <Table.Th key={h}>{h}</Table.Th>
        ))}
        <Table.Th>{t('reading.agreement.weightingLabel')}</Table.Th>
        <Table.Th ta="right">{t('reading.agreement.pairs')}</Table.Th>
        <Table.Th ta="right">{t('reading.agreement.percent')}</Table.Th>
        <Table.Th ta="right">{t('reading.agreement.kappa')}</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('reading.agreement.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('reading.agreement.notice')}
      </Text>
      {report.isError && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <Skeleton h={200} />}
      {report.data && (
        <>
          <DenseTable caption={t('reading.agreement.byItem')}>
            {head([t('reading.agreement.item')])}
            <Table.Tbody>
              {report.data.items.map((row) => (
                <Table.Tr key={row.item} data-item={row.item}>
                  <Table.Th scope="row">{readingItem(row.item).label[language]}</Table.Th>
                  {cells(row)}
                </Table.Tr>
              ))}
              {report.data.items.length === 0 && (
                <EmptyRow colSpan={5}>{t('reading.agreement.empty')}</EmptyRow>
              )}
            </Table.Tbody>
          </DenseTable>
          {report.data.sites && report.data.sites.length > 0 && (
            <>
              <Title order={2} size="h4">
                {t('reading.agreement.bySite')}
              </Title>
              <DenseTable caption={t('reading.agreement.bySite')}>
                {head([t('reading.agreement.item'), t('reading.agreement.site')])}
                <Table.Tbody>
                  {report.data.sites.map((row) => (
                    <Table.Tr key={`${row.item}@${row.site}`}>
                      <Table.Th scope="row">{readingItem(row.item).label[language]}</Table.Th>
                      <Table.Td ff="monospace">{row.site}</Table.Td>
                      {cells(row)}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </DenseTable>
            </>
          )}
        </>
      )}
    </Stack>
  );
}
