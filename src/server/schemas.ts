import { z } from 'zod';
import { REASON_MAX_LENGTH } from '../core/audit/reason.ts';
import { PARTICIPANT_STATUSES } from '../core/study/participant-status.ts';
import { ARMS, HANDS, PARTICIPANT_CODE_PATTERN } from '../core/study/protocol.ts';

/** Shared request schemas. Messages name what is allowed, because they reach users verbatim. */

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'must be a real calendar date',
    },
  );

export const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with time zone, e.g. 2026-03-01T09:30:00Z',
});

export const arm = z.enum(ARMS, { message: `must be one of: ${ARMS.join(', ')}` });
export const participantStatus = z.enum(PARTICIPANT_STATUSES, {
  message: `must be one of: ${PARTICIPANT_STATUSES.join(', ')}`,
});
export const hands = z.enum(HANDS, { message: `must be one of: ${HANDS.join(', ')}` });

export const version = z.number({ message: 'must be the record version you read (an integer)' }).int().min(0);
export const reason = z.string().max(REASON_MAX_LENGTH).nullish();
export const participantCodeParams = z.object({
  code: z.string().regex(PARTICIPANT_CODE_PATTERN, 'must be a participant code such as P-0001'),
});
export const uuidParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
};

/** A DICOM UID (PS3.5 9.1): digits and dots, at most 64 characters. */
export const dicomUid = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'must be a DICOM UID')
  .max(64, 'must be a DICOM UID (at most 64 characters)');
