/**
 * Request schemas of the reading API (/api/reading), shared by the server and the web app. Messages name what is
 * allowed, because they reach users verbatim. Findings are checked against the form by the core
 * (src/core/reading/findings.ts), not here: here only their shape.
 */
import { z } from 'zod';
import { ADJUDICATION_RULES } from '../reading/consensus.ts';
import { ITEM_IDS } from '../reading/items.ts';

const version = z.number({ message: 'must be the record version you read (an integer)' }).int().min(0);
const findingValue = z.union([z.number(), z.boolean(), z.string().max(64)]);

/** One finding as a client sends it: any item name, so that the core names an unknown one in a field issue. */
export const uncheckedFinding = z.object({
  site: z.string().min(1).max(128),
  item: z.string().min(1).max(64),
  value: findingValue,
});

export const draftBody = z.object({
  version,
  findings: z.array(uncheckedFinding).max(2000),
  comments: z.string().max(10_000),
});

/** What changed in a draft since the last save (src/core/reading/draft-patch.ts): the workstation's autosave. */
export const draftPatchBody = z.object({
  version,
  findings: z.array(uncheckedFinding).max(2000).default([]),
  cleared: z
    .array(z.object({ site: z.string().min(1).max(128), item: z.string().min(1).max(64) }))
    .max(2000)
    .default([]),
  comments: z.string().max(10_000).optional(),
});

export const signatureBody = z.object({
  version,
  password: z.string().min(1, 'enter your password to sign'),
});

export const adjudicateBody = signatureBody.extend({
  choices: z
    .array(
      z.object({
        site: z.string().min(1).max(128),
        item: z.enum(ITEM_IDS, { message: 'must be an item of the reading form' }),
        value: findingValue,
      }),
    )
    .max(2000),
});

const point = z.tuple([z.number(), z.number(), z.number()]);
export const measurementBody = z.object({
  tool: z.enum(['Length', 'EllipticalROI', 'Probe'], { message: 'must be Length, EllipticalROI or Probe' }),
  seriesUid: z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)*$/, 'must be a DICOM UID')
    .max(64),
  sopInstanceUid: z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)*$/, 'must be a DICOM UID')
    .max(64),
  frame: z.number().int().min(1),
  points: z.array(point).min(1).max(64),
  stats: z.record(z.string().max(64), z.number().nullable()),
  label: z.string().max(200),
});
export const measurementChangeBody = measurementBody.extend({ version });
export const measurementDeleteQuery = z.object({ version: z.coerce.number().int().min(0) });

export const assignBody = z.object({
  readers: z.tuple([z.uuid({ message: 'must be a user id' }), z.uuid({ message: 'must be a user id' })]),
  adjudicatorId: z.uuid({ message: 'must be a user id' }).optional(),
});

export const unlockBody = z.object({
  version,
  reason: z.string().trim().min(1, 'a reason is required').max(2000),
});

export const settingsBody = z.object({
  autoAssign: z.boolean(),
  adjudicationRule: z.enum(ADJUDICATION_RULES, {
    message: `must be one of: ${ADJUDICATION_RULES.join(', ')}`,
  }),
  version,
});
