/**
 * Domain errors. Each kind maps to one HTTP status in the server and one exit code in the CLI,
 * so a rule is enforced once, in the domain or repository, and reported the same way everywhere.
 */
export type ErrorKind =
  'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'rate_limited';

export interface FieldIssue {
  path: string;
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
    [{ path: 'version', message: `expected ${actual}` }],
  );

export const invalid = (message: string, fields: readonly FieldIssue[] = []): ManusError =>
  new ManusError('invalid', message, fields);
