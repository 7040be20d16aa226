import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../../src/core/reading/findings.ts';
import { readingItem } from '../../../../src/core/reading/items.ts';
import { toLanguage } from '../../i18n/index.ts';
import { fieldName, valueLabel } from './form-model.ts';

/** The fields both readers agree on, which the consensus keeps as they are: listed, folded by default. */
export function CarriedOverFindings({ findings }: { findings: readonly Finding[] }) {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  return (
    <details>
      <summary>
        <Text span size="sm" fw={600}>
          {t('reading.adjudication.carried', { count: findings.length })}
        </Text>
      </summary>
      <Table fz="xs" verticalSpacing={1} mt={4}>
        <Table.Tbody>
          {findings.map((f) => (
            <Table.Tr key={`${f.item}@${f.site}`}>
              <Table.Th scope="row" fw={400}>
                {fieldName(f.site, f.item, language)}
              </Table.Th>
              <Table.Td>{valueLabel(readingItem(f.item), f.value, language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}
