/**
 * Building blocks of the API response schemas. Responses are strict objects: a field the schema does not name
 * (say, a participant's arm in the blinded worklist) fails the response check in the tests instead of leaking.
 * Browser-safe: the web app imports the inferred types from here.
 */
import { z } from 'zod';
import { FIELD_ISSUE_CODES, type FieldIssue } from '../errors.ts';

export const apiDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const apiDateTime = z.iso.datetime({ offset: true });
export const localizedTextSchema = z.strictObject({ en: z.string(), fr: z.string() });
export const count = z.number().int().min(0);

/** `{ items: [...] }`, the shape of every unpaged list. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

/** One page of a list, with the total across pages. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), total: count, page: z.number().int().min(1), pageSize: count });
export type PageOf<T> = { items: T[]; total: number; page: number; pageSize: number };

export const fieldIssueSchema = z.strictObject({
  path: z.string(),
  code: z.enum(FIELD_ISSUE_CODES),
  message: z.string(),
}) satisfies z.ZodType<FieldIssue>;
