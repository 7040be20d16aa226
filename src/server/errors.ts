import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ManusError, type ErrorKind, type FieldIssue } from '../core/errors.ts';

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
  too_large: 413,
  rate_limited: 429,
};

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
