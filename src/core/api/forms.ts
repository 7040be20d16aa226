/** Responses of the eCRF routes: the form schedule, one form with its record, signatures and data queries. */
import { z } from 'zod';
import { FORM_STATUSES, QUERY_STATUSES, SIGNATURE_MEANINGS } from '../forms/lifecycle.ts';
import type { DataQuery, FormRecord, Signature } from '../forms/records.ts';
import { MISSING_CODES } from '../instruments/types.ts';
import { apiDateTime, count, fieldIssueSchema, itemsOf, localizedTextSchema } from './common.ts';

const version = z.number().int().min(0);
const formStatusOrNew = z.enum([...FORM_STATUSES, 'not_started']);
const instrumentKind = z.enum(['scored', 'form']);

const scalarValue = z.union([z.boolean(), z.number(), z.string()]);
const itemValue = z.union([
  scalarValue,
  z.array(z.number()),
  z.strictObject({ value: z.number(), unit: z.string() }),
  z.array(z.record(z.string(), scalarValue.nullable())),
]);

/** The contract's common score fields; each instrument adds its own (subscores, classifications). */
export const scoreResultSchema = z.looseObject({
  total: z.number().nullable(),
  complete: z.boolean(),
  missing: z.array(z.string()),
  interpretation: z.string().nullable(),
  instrument: z.string(),
  version: z.string(),
  variant: z.string().nullable(),
});

export const signatureSchema = z.strictObject({
  signedBy: z.string(),
  signedByName: z.string(),
  signedAt: apiDateTime,
  meaning: z.enum(SIGNATURE_MEANINGS),
  statement: localizedTextSchema,
}) satisfies z.ZodType<Signature>;

export const formRecordSchema = z.strictObject({
  id: z.string(),
  participantId: z.string(),
  visitCode: z.string(),
  instrumentId: z.string(),
  definitionVersion: z.string(),
  status: z.enum(FORM_STATUSES),
  variant: z.string().nullable(),
  values: z.record(z.string(), itemValue),
  missingCodes: z.record(z.string(), z.enum(MISSING_CODES)),
  warnings: z.array(fieldIssueSchema),
  score: scoreResultSchema.nullable(),
  verifiedBy: z.string().nullable(),
  verifiedAt: apiDateTime.nullable(),
  signature: signatureSchema.nullable(),
  version,
  updatedAt: apiDateTime,
}) satisfies z.ZodType<FormRecord>;

export const dataQuerySchema = z.strictObject({
  id: z.string(),
  formId: z.string(),
  participantCode: z.string(),
  visitCode: z.string(),
  instrumentId: z.string(),
  itemId: z.string(),
  status: z.enum(QUERY_STATUSES),
  question: z.string(),
  openedBy: z.string(),
  openedAt: apiDateTime,
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: apiDateTime.nullable(),
  closeNote: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: apiDateTime.nullable(),
  version,
}) satisfies z.ZodType<DataQuery>;
export const dataQueryListSchema = itemsOf(dataQuerySchema);

/** One line of a participant's form schedule (the record status dashboard). */
export const formListItemSchema = z.strictObject({
  visit: z.string(),
  instrument: z.string(),
  title: localizedTextSchema,
  kind: instrumentKind,
  status: formStatusOrNew,
  total: z.number().nullable(),
  interpretation: z.string().nullable(),
  warnings: count,
  openQueries: count,
  updatedAt: apiDateTime.nullable(),
  version,
});
export type FormListItem = z.infer<typeof formListItemSchema>;
export const formListSchema = itemsOf(formListItemSchema);

export const formDetailSchema = z.strictObject({
  /** Identifying items withheld from a role that may not read identity. */
  maskedItems: z.array(z.string()),
  participantCode: z.string(),
  visit: z.string(),
  instrument: z.strictObject({
    id: z.string(),
    version: z.string(),
    title: localizedTextSchema,
    kind: instrumentKind,
  }),
  status: formStatusOrNew,
  record: formRecordSchema.nullable(),
  queries: z.array(dataQuerySchema),
});
export type FormDetail = z.infer<typeof formDetailSchema>;

export type { DataQuery, FormRecord, Signature };
