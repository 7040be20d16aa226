/**
 * The declarative shape of a clinical instrument. One definition drives the eCRF form, the server's validation,
 * `manus score`, and the exports (data dictionary, REDCap, ODM, FHIR), so a rule is never written twice.
 * Item and instrument ids are the contract of ../shared/reference/instruments.md: snake_case and stable.
 */
import type { FieldIssue } from '../errors.ts';
import type { LocalizedText } from '../study/protocol.ts';

export type { LocalizedText };

/** Missing-data codes, stored explicitly instead of blanks (CDISC "null flavors": NASK, UNK, NA, ND). */
export const MISSING_CODES = ['NASK', 'UNK', 'NA', 'ND'] as const;
export type MissingCode = (typeof MISSING_CODES)[number];
export const MISSING_CODE_LABELS: Record<MissingCode, LocalizedText> = {
  NASK: { en: 'Not asked', fr: 'Non demandé' },
  UNK: { en: 'Unknown', fr: 'Inconnu' },
  NA: { en: 'Not applicable', fr: 'Non applicable' },
  ND: { en: 'Not done', fr: 'Non fait' },
};

interface ItemBase {
  id: string;
  label: LocalizedText;
  help?: LocalizedText;
  /** Heading under which the form groups the item. */
  section?: LocalizedText;
  /** Optional items do not make the form incomplete when absent. */
  optional?: boolean;
  /** Directly identifying: kept out of exports for roles without identity access. */
  identifying?: boolean;
}

/** A soft limit: outside it the value is saved with a warning flag, inside the hard range. */
export interface SoftRange {
  min?: number;
  max?: number;
  message: LocalizedText;
}

/**
 * Screening instruments (eligibility, MRI safety) mark the answer that excludes a participant, or that calls for a
 * precaution, on the item itself: the rule is data, so forms, `--help` and exports show it without restating it.
 */
export interface BooleanScreening {
  effect: 'excludes' | 'caution';
  when: boolean;
}
export interface ThresholdScreening {
  effect: 'excludes';
  /** Values strictly below this exclude (e.g. age < 18). */
  below: number;
}

export interface BooleanItem extends ItemBase {
  type: 'boolean';
  screening?: BooleanScreening;
}

/** A labelled answer of an ordinal scale (e.g. HAQ 0 "without any difficulty"), as the questionnaire prints it. */
export interface AnswerLevel {
  value: number;
  label: LocalizedText;
}

export interface IntegerItem extends ItemBase {
  type: 'integer';
  min: number;
  max: number;
  unit?: string;
  soft?: SoftRange;
  /** The printed answers, when the respondent picks a labelled level rather than types a number. */
  levels?: readonly AnswerLevel[];
  screening?: ThresholdScreening;
}

export interface NumberItem extends ItemBase {
  type: 'number';
  min: number;
  max: number;
  /** When true, `min` itself is not allowed (e.g. weight > 0). */
  exclusiveMin?: boolean;
  unit?: string;
  /** Decimal places the form offers; validation accepts full precision. */
  decimals?: number;
  soft?: SoftRange;
}

export interface ChoiceItem extends ItemBase {
  type: 'choice';
  choices: readonly { value: string; label: LocalizedText }[];
}

export interface DateItem extends ItemBase {
  type: 'date';
}

export interface TextItem extends ItemBase {
  type: 'text';
  maxLength: number;
}

/** A list of integers, e.g. one Raynaud Condition Score per diary day. */
export interface IntegerListItem extends ItemBase {
  type: 'integer-list';
  min: number;
  max: number;
  maxLength: number;
}

/**
 * canonical = value × multiply ÷ divide. A ratio rather than one decimal factor, because 0.001 has no exact binary
 * form: dividing by 1000 rounds once, to the double nearest the true value, where multiplying by 0.001 rounds twice.
 */
export interface UnitConversion {
  multiply: number;
  divide: number;
}

/**
 * A measured quantity entered in one of several units and converted exactly to the canonical unit.
 * Stored as entered `{ value, unit }`; the canonical value is derived, never typed twice.
 */
export interface QuantityItem extends ItemBase {
  type: 'quantity';
  canonicalUnit: string;
  /** How a value in each accepted unit converts to the canonical unit. */
  units: Readonly<Record<string, UnitConversion>>;
  /** Range in the canonical unit. */
  min: number;
  max: number;
  soft?: SoftRange;
}

/** A repeating group of records, e.g. treatments with name and dates. */
export interface RecordListItem extends ItemBase {
  type: 'record-list';
  fields: readonly Exclude<ItemDef, RecordListItem | IntegerListItem>[];
  maxLength: number;
}

export type ItemDef =
  | BooleanItem
  | IntegerItem
  | NumberItem
  | ChoiceItem
  | DateItem
  | TextItem
  | IntegerListItem
  | QuantityItem
  | RecordListItem;

export type ItemType = ItemDef['type'];

export interface QuantityValue {
  value: number;
  unit: string;
}

export type ScalarValue = boolean | number | string;
export type ItemValue = ScalarValue | number[] | QuantityValue | Record<string, ScalarValue | null>[];

/** Validated item values; an absent key means missing. */
export type ItemValues = Readonly<Record<string, ItemValue>>;

export interface VariantDef {
  name: string;
  description: LocalizedText;
}

/** What a scoring function returns: the common fields of the contract plus the instrument's own fields. */
export interface ScoreCore {
  total: number | null;
  complete: boolean;
  missing: string[];
  interpretation: string | null;
}
export type ScoreOutput = ScoreCore & { [own: string]: unknown };

/** The fields every score carries (the `manus score` contract of instruments.md), plus the instrument's own. */
export type ScoreResult = ScoreOutput & {
  instrument: string;
  version: string;
  variant: string | null;
};

export interface ScoreInput {
  values: ItemValues;
  /** Items recorded with a missing-data code: they count as missing, and the code says why. */
  missingCodes: Readonly<Record<string, MissingCode>>;
  variant: string;
}

export interface InstrumentDefinition {
  id: string;
  /** Bumped whenever items or scoring change; stored with every score. */
  version: string;
  title: LocalizedText;
  /** Primary sources, cited in full. */
  citations: readonly string[];
  /** `scored` instruments produce a total; `form`s only capture (and may derive) values. */
  kind: 'scored' | 'form';
  items: readonly ItemDef[];
  /** Variants of the scoring rule; the first is the default. */
  variants?: readonly VariantDef[];
  /** Pure scoring of validated values. Absent for forms without derived values. */
  score?: (input: ScoreInput) => ScoreOutput;
  /** Rules across items (e.g. end date after start date) returning hard issues; ranges are checked generically. */
  crossCheck?: (values: ItemValues) => FieldIssue[];
}
