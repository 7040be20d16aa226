/**
 * Reading a value on an item's scale: is it a finding, how abnormal is it, and the scale's categories in order.
 * The scales themselves are defined in ./items.ts.
 */
import type { LocalizedText } from '../study/protocol.ts';
import { READING_ITEMS, type FindingValue, type ReadingItem } from './items.ts';

/** Every option of the form's choice items, each value once (an option shared by items has one label), form order. */
export const READING_OPTIONS: readonly { value: string; label: LocalizedText }[] = [
  ...new Map(
    READING_ITEMS.flatMap((i) => (i.scale.type === 'choice' ? i.scale.options : [])).map((o) => [
      o.value,
      { value: o.value, label: o.label },
    ]),
  ).values(),
];

/** Whether a value is a finding (a lesion, an abnormal vessel): grade ≥ threshold, present, or an option ranked > 0. */
export function isAbnormal(item: ReadingItem, value: FindingValue): boolean {
  const { scale } = item;
  if (scale.type === 'integer') return typeof value === 'number' && value >= scale.lesionFrom;
  if (scale.type === 'boolean') return value === scale.abnormal;
  return severityRank(item, value) > 0;
}

/**
 * How abnormal a value is, on one axis per item: the grade itself, 1 for the abnormal answer of a yes/no item, an
 * option's rank. Used to keep the more abnormal of two readers' values.
 */
export function severityRank(item: ReadingItem, value: FindingValue): number {
  const { scale } = item;
  if (scale.type === 'integer') return value as number;
  if (scale.type === 'boolean') return value === scale.abnormal ? 1 : 0;
  return scale.options.find((o) => o.value === value)?.rank ?? 0;
}

/** The categories of an item in scale order, as weighted kappa needs them. */
export function itemCategories(item: ReadingItem): (string | number)[] {
  const { scale } = item;
  if (scale.type === 'integer')
    return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  if (scale.type === 'boolean') return [String(!scale.abnormal), String(scale.abnormal)];
  return scale.options.map((o) => o.value);
}
