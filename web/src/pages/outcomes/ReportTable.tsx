import { Table, Text, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TableModel } from '../../../../src/core/report/tables.ts';
import { DenseTable } from '../../components/Tables.tsx';

interface Sort {
  column: number;
  descending: boolean;
}

const compare = (a: number | string, b: number | string) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));

/** A table of the outcome report (src/core/report/tables.ts), with its caption; sortable by any column if asked. */
export function ReportTable({ model, sortable = false }: { model: TableModel; sortable?: boolean }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<Sort | null>(null);
  const rows = useMemo(() => {
    if (!sort) return model.rows;
    const sorted = [...model.rows].sort((a, b) =>
      compare(a.cells[sort.column]?.sort ?? '', b.cells[sort.column]?.sort ?? ''),
    );
    return sort.descending ? sorted.reverse() : sorted;
  }, [model.rows, sort]);

  if (model.rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-table={model.id}>
        {model.caption}: {t('outcomes.noRows')}
      </Text>
    );
  }
  const ariaSort = (column: number) =>
    sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : undefined;
  const toggle = (column: number) =>
    setSort((current) =>
      current?.column === column
        ? { column, descending: !current.descending }
        : { column, descending: false },
    );

  return (
    <>
      <Text size="sm" fw={600} mt="xs">
        {model.caption}
      </Text>
      <DenseTable caption={model.caption} data-table={model.id}>
        <Table.Thead>
          <Table.Tr>
            {model.columns.map((column, i) => (
              <Table.Th key={column} aria-sort={ariaSort(i)}>
                {sortable ? (
                  <UnstyledButton fz="sm" fw={700} onClick={() => toggle(i)}>
                    {column}
                    {sort?.column === i ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </UnstyledButton>
                ) : (
                  column
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-key={row.key}>
              {row.cells.map((cell, i) => (
                <Table.Td key={i} style={{ whiteSpace: i === 0 ? 'pre-wrap' : undefined }}>
                  {cell.text}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DenseTable>
    </>
  );
}
