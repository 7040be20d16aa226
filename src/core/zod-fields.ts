/**
 * Field issues from zod's parse errors, so that every schema, in the server, the statistics or the sodium inputs,
 * reports a field the same way: its path, a code the clients translate, and zod's message.
 */
import type { core, ZodError } from 'zod';
import { isFieldIssueCode, type FieldIssue, type FieldIssueCode } from './errors.ts';

/**
 * The field-issue code of a zod issue. Telling a missing value from a wrong one needs the input, so parse with
 * `{ reportInput: true }` (zod then reports `input`, undefined when the field was absent).
 */
export function zodIssueCode(issue: core.$ZodIssue): FieldIssueCode {
  const bounded = (origin: string): boolean => origin === 'string' || origin === 'array' || origin === 'set';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return issue.expected === 'int' ? 'not_an_integer' : 'invalid_type';
    case 'too_big':
      return bounded(issue.origin) ? 'too_long' : 'out_of_range';
    case 'too_small':
      if (!bounded(issue.origin)) return 'out_of_range';
      return Number(issue.minimum) === 1 ? 'required' : 'too_short';
    case 'invalid_format':
      return 'pattern';
    case 'invalid_value':
      return 'invalid_option';
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'not_multiple_of':
      return 'out_of_range';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'invalid_type';
    case 'custom':
      // A refinement may name its code (`params: { code }`), e.g. a date that does not exist is a `pattern`.
      return isFieldIssueCode(issue.params?.code) ? issue.params.code : 'rule';
  }
}

/** The field issues of a failed parse, each path under `prefix` (none when empty). */
export function zodFields(error: ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    code: zodIssueCode(issue),
    message: issue.message,
  }));
}
