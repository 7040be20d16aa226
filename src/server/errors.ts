import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { core, ZodError } from 'zod';
import {
  isFieldIssueCode,
  ManusError,
  type ErrorKind,
  type FieldIssue,
  type FieldIssueCode,
} from '../core/errors.ts';

/** The one error shape of the API: `{ error: { code, message, fields } }`. */
export interface ErrorBody {
  error: { code: string; message: string; fields: FieldIssue[] };
}

export const STATUS_OF: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  rate_limited: 429,
};

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

export function zodFields(error: ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    code: zodIssueCode(issue),
    message: issue.message,
  }));
}

export function sendError(reply: FastifyReply, error: ManusError): FastifyReply {
  const body: ErrorBody = { error: { code: error.kind, message: error.message, fields: [...error.fields] } };
  return reply.status(STATUS_OF[error.kind]).send(body);
}

/** Maps every failure to the API shape; only a genuine defect becomes a 500, and it is logged. */
export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof ManusError) return sendError(reply, error);
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const kind: ErrorKind = status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'bad_request';
    return reply.status(status === 413 || status === 415 ? status : STATUS_OF[kind]).send({
      error: { code: kind, message: error.message, fields: [] },
    } satisfies ErrorBody);
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({
    error: { code: 'internal', message: `Internal error (request ${request.id})`, fields: [] },
  } satisfies ErrorBody);
}
