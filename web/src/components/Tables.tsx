import { Table, Text, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** Dense, readable tables for clinical lists. */
export function DenseTable({
  children,
  caption,
  ...props
}: TableProps & { caption?: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={560} type="native">
      <Table striped highlightOnHover verticalSpacing={4} horizontalSpacing="xs" fz="sm" {...props}>
        {caption && (
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }} className="visually-hidden">
            {caption}
          </Table.Caption>
        )}
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text size="sm" c="dimmed" py="xs">
          {children}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
