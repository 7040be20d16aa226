/**
 * Domain errors. Each kind maps to one HTTP status in the server and one exit code in the CLI,
 * so a rule is enforced once, in the domain or repository, and reported the same way everywhere.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  /** A request body beyond its size limit (an upload). */
  | 'too_large'
  | 'rate_limited';

/**
 * What is wrong with a field, as a stable code that clients translate; `message` stays the English wording for
 * the CLI, logs and the audit trail.
 */
export const FIELD_ISSUE_CODES = [
  /** Absent, empty, or a missing-data code where a value is needed. */
  'required',
  /** A number or date outside its limits (including before another date it must follow). */
  'out_of_range',
  'not_an_integer',
  'too_long',
  'too_short',
  /** A password that is easy to guess (common, breached-style, a keyboard pattern, the username). */
  'too_weak',
  /** Not one of the listed values (an enumeration, a choice, a unit, a category). */
  'invalid_option',
  /** Text not in the expected format (a code, an id, a date or time). */
  'pattern',
  /** The wrong kind of value (text for a number, a list for a record). */
  'invalid_type',
  'unknown_field',
  /** Taken by another record (a username). */
  'not_unique',
  /** Names a record that does not exist or does not belong here. */
  'not_found',
  /** The record changed since it was read (optimistic concurrency). */
  'stale',
  /** Not possible in the record's current state (a locked form, a closed query, the last administrator). */
  'not_allowed',
  /** Does not match what was expected (a password re-entered to sign). */
  'mismatch',
  /** Text that cannot be stored as sent (lone surrogate, NUL). */
  'ill_formed_text',
  /** Outside the soft limits of an item: saved, with a warning. */
  'unusual_value',
  /** A file that cannot be read, or not decoded as what it must be (JSON, DICOM, NIfTI). */
  'unreadable',
  /** Breaks a rule across fields or a domain rule, said by `message`. */
  'rule',
  /** Reading findings: a site or item the form does not know, an item not scored at that site, a site given twice. */
  'unknown_site',
  'unknown_item',
  'not_applicable',
  'duplicate',
] as const;
export type FieldIssueCode = (typeof FIELD_ISSUE_CODES)[number];

export const isFieldIssueCode = (value: unknown): value is FieldIssueCode =>
  (FIELD_ISSUE_CODES as readonly unknown[]).includes(value);

export interface FieldIssue {
  path: string;
  code: FieldIssueCode;
  message: string;
}

export class ManusError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly fields: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ManusError';
  }
}

export const notFound = (what: string): ManusError => new ManusError('not_found', `${what} not found`);

export const staleVersion = (what: string, expected: number, actual: number): ManusError =>
  new ManusError(
    'conflict',
    `${what} was changed by someone else (you sent version ${expected}, the current version is ${actual}); reload and try again`,
    [{ path: 'version', code: 'stale', message: `expected ${actual}` }],
  );

export const invalid = (message: string, fields: readonly FieldIssue[] = []): ManusError =>
  new ManusError('invalid', message, fields);
