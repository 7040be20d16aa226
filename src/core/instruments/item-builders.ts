import type { BooleanItem, IntegerItem, LocalizedText } from './types.ts';

/** Builders for the item shapes instruments repeat, so each definition reads as its published table. */
export const integerItem = (
  id: string,
  en: string,
  fr: string,
  min: number,
  max: number,
  extra: Partial<IntegerItem> = {},
): IntegerItem => ({
  id,
  type: 'integer',
  label: { en, fr },
  min,
  max,
  ...extra,
});

export const booleanItem = (
  id: string,
  en: string,
  fr: string,
  extra: Partial<BooleanItem> = {},
): BooleanItem => ({
  id,
  type: 'boolean',
  label: { en, fr },
  ...extra,
});

export const text = (en: string, fr: string): LocalizedText => ({ en, fr });
