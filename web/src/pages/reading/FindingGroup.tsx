import { Button, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { findingKey } from '../../../../src/core/reading/findings.ts';
import type { FindingValue, ItemId } from '../../../../src/core/reading/items.ts';
import type { Side } from '../../../../src/core/anatomy/types.ts';
import { toLanguage } from '../../i18n/index.ts';
import { FieldInput } from './FieldInput.tsx';
import type { FormGroup } from './form-model.ts';

export interface FindingGroupProps {
  group: FormGroup;
  values: ReadonlyMap<string, FindingValue>;
  /** The fields the form asks for now (`findingKey`s): the reach of a not-visible artery is not asked. */
  required: ReadonlySet<string>;
  readOnly: boolean;
  onChange: (site: string, item: ItemId, value: FindingValue | null) => void;
  /** "All normal" for one item on one hand: fills its empty fields (core bulkNormal). */
  onAllNormal: (side: Side, item: ItemId) => void;
  onFocusSite: (site: string) => void;
}

/** One kind of site on one hand (the right hand's joints…): a row per site in anatomy order, a column per item. */
export function FindingGroup({
  group,
  values,
  required,
  readOnly,
  onChange,
  onAllNormal,
  onFocusSite,
}: FindingGroupProps) {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  const headingId = `group-${group.id}`;
  const side = group.side;
  const title = side
    ? t('reading.form.groupOnHand', {
        group: t(`reading.groups.${group.kind}`),
        hand: t(`reading.hand.${side}`),
      })
    : t(`reading.groups.${group.kind}`);

  return (
    <section aria-labelledby={headingId} data-group={group.id}>
      <Title order={3} size="h5" id={headingId} mt="md" mb={4}>
        {title}
      </Title>
      <Table withTableBorder withColumnBorders verticalSpacing={2} horizontalSpacing={6} fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reading.form.site')}</Table.Th>
            {group.items.map((item) => (
              <Table.Th key={item.id} scope="col">
                <Text size="xs" fw={600}>
                  {item.label[language]}
                </Text>
                {side && !readOnly && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    px={2}
                    onClick={() => onAllNormal(side, item.id)}
                    aria-label={t('reading.form.allNormalOf', {
                      item: item.label[language],
                      hand: t(`reading.hand.${side}`),
                    })}
                  >
                    {t('reading.form.allNormal')}
                  </Button>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {group.sites.map((site) => (
            <Table.Tr key={site.id} data-site={site.id}>
              <Table.Th scope="row" fw={500} style={{ whiteSpace: 'nowrap' }}>
                {site.label[language]}
              </Table.Th>
              {group.items.map((item) => (
                <Table.Td key={item.id}>
                  {required.has(findingKey(site.id, item.id)) && (
                    <FieldInput
                      item={item}
                      site={site}
                      value={values.get(findingKey(site.id, item.id))}
                      readOnly={readOnly}
                      onChange={(value) => onChange(site.id, item.id, value)}
                      onFocus={() => onFocusSite(site.id)}
                    />
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}
