/**
 * Responses of the instrument routes: the list, one definition as JSON (items with their types, ranges, units,
 * labels, help and rules, and a readable statement of what each accepts) and a stateless score.
 */
import { z } from 'zod';
import { MISSING_CODES } from '../instruments/types.ts';
import { count, fieldIssueSchema, itemsOf, localizedTextSchema } from './common.ts';
import { scoreResultSchema } from './forms.ts';

const base = {
  id: z.string(),
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  section: localizedTextSchema.optional(),
  optional: z.boolean().optional(),
  identifying: z.boolean().optional(),
  /** What the item accepts, in words (`an integer from 0 to 3`). */
  allowed: z.string(),
};
const soft = z
  .strictObject({ min: z.number().optional(), max: z.number().optional(), message: localizedTextSchema })
  .optional();

const booleanItem = z.strictObject({
  ...base,
  type: z.literal('boolean'),
  screening: z.strictObject({ effect: z.enum(['excludes', 'caution']), when: z.boolean() }).optional(),
});
const integerItem = z.strictObject({
  ...base,
  type: z.literal('integer'),
  min: z.number(),
  max: z.number(),
  unit: z.string().optional(),
  soft,
  levels: z
    .array(z.strictObject({ value: z.number(), label: localizedTextSchema }))
    .readonly()
    .optional(),
  screening: z.strictObject({ effect: z.literal('excludes'), below: z.number() }).optional(),
});
const numberItem = z.strictObject({
  ...base,
  type: z.literal('number'),
  min: z.number(),
  max: z.number(),
  exclusiveMin: z.boolean().optional(),
  unit: z.string().optional(),
  decimals: count.optional(),
  soft,
});
const choiceItem = z.strictObject({
  ...base,
  type: z.literal('choice'),
  choices: z.array(z.strictObject({ value: z.string(), label: localizedTextSchema })).readonly(),
});
const dateItem = z.strictObject({ ...base, type: z.literal('date') });
const textItem = z.strictObject({ ...base, type: z.literal('text'), maxLength: count });
const integerListItem = z.strictObject({
  ...base,
  type: z.literal('integer-list'),
  min: z.number(),
  max: z.number(),
  maxLength: count,
});
const quantityItem = z.strictObject({
  ...base,
  type: z.literal('quantity'),
  canonicalUnit: z.string(),
  units: z.record(z.string(), z.strictObject({ multiply: z.number(), divide: z.number() })),
  min: z.number(),
  max: z.number(),
  soft,
});
const fieldItem = z.discriminatedUnion('type', [
  booleanItem,
  integerItem,
  numberItem,
  choiceItem,
  dateItem,
  textItem,
  quantityItem,
]);
const recordListItem = z.strictObject({
  ...base,
  type: z.literal('record-list'),
  fields: z.array(fieldItem).readonly(),
  maxLength: count,
});
export const instrumentItemSchema = z.discriminatedUnion('type', [
  fieldItem,
  integerListItem,
  recordListItem,
]);

export const instrumentSummarySchema = z.strictObject({
  id: z.string(),
  version: z.string(),
  title: localizedTextSchema,
  kind: z.enum(['scored', 'form']),
  variants: z.array(z.strictObject({ name: z.string(), description: localizedTextSchema })).readonly(),
  citations: z.array(z.string()).readonly(),
});
export type InstrumentSummary = z.infer<typeof instrumentSummarySchema>;
export const instrumentListSchema = itemsOf(instrumentSummarySchema);

export const instrumentDefinitionSchema = instrumentSummarySchema.extend({
  /** Whether `score` returns a result (scored instruments, and forms with derived values). */
  scores: z.boolean(),
  missingCodes: z.array(z.strictObject({ code: z.enum(MISSING_CODES), label: localizedTextSchema })),
  items: z.array(instrumentItemSchema),
});
export type InstrumentDefinitionJson = z.infer<typeof instrumentDefinitionSchema>;

/** A score with the soft-range warnings of the values it was computed from. */
export const scoredSchema = scoreResultSchema.extend({ warnings: z.array(fieldIssueSchema) });
