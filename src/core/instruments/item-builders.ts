import type {
  AnswerLevel,
  BooleanItem,
  ChoiceItem,
  DateItem,
  IntegerItem,
  LocalizedText,
  NumberItem,
  TextItem,
} from './types.ts';

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

export const numberItem = (
  id: string,
  en: string,
  fr: string,
  min: number,
  max: number,
  extra: Partial<NumberItem> = {},
): NumberItem => ({
  id,
  type: 'number',
  label: { en, fr },
  min,
  max,
  ...extra,
});

export const choiceItem = (
  id: string,
  en: string,
  fr: string,
  choices: ChoiceItem['choices'],
  extra: Partial<ChoiceItem> = {},
): ChoiceItem => ({
  id,
  type: 'choice',
  label: { en, fr },
  choices,
  ...extra,
});

export const dateItem = (id: string, en: string, fr: string, extra: Partial<DateItem> = {}): DateItem => ({
  id,
  type: 'date',
  label: { en, fr },
  ...extra,
});

export const textItem = (
  id: string,
  en: string,
  fr: string,
  maxLength: number,
  extra: Partial<TextItem> = {},
): TextItem => ({
  id,
  type: 'text',
  label: { en, fr },
  maxLength,
  ...extra,
});

export const text = (en: string, fr: string): LocalizedText => ({ en, fr });

export const choice = (value: string, en: string, fr: string): ChoiceItem['choices'][number] => ({
  value,
  label: { en, fr },
});

/** The printed answers of an ordinal scale, valued 0, 1, 2… in the order given. */
export const levels = (...labels: readonly [en: string, fr: string][]): AnswerLevel[] =>
  labels.map(([en, fr], value) => ({ value, label: { en, fr } }));
