import { z } from 'zod';
import { ManusError } from '../errors.ts';
import { zodFields } from '../zod-fields.ts';
import { COMPARTMENT_KINDS, type CompartmentKind, type RelaxationModel } from './signal-model.ts';

/**
 * The two JSON inputs of a quantification, the legend and the relaxation model. Messages reach users verbatim,
 * so each says what is allowed; objects are strict, so that a misspelt key fails instead of being ignored.
 */

export const ROI_KINDS = ['reference', 'joint', 'tissue', 'noise'] as const;
export type RoiKind = (typeof ROI_KINDS)[number];

export interface LegendEntry {
  label: number;
  name: string;
  kind: RoiKind;
  concentrationMmol?: number;
}

/** Label values are stored in 16-bit label maps; 0 is "no label". */
export const MAX_LABEL = 65535;

const positiveMs = z.number({ message: 'must be a number of milliseconds' }).positive('must be > 0 ms');

const legendSchema = z.strictObject({
  labels: z.record(
    z.string().regex(/^[1-9]\d*$/, 'label keys must be positive integers, e.g. "1"'),
    z.strictObject({
      name: z.string({ message: 'must be a name' }).min(1, 'must be a non-empty name'),
      kind: z.enum(ROI_KINDS, { message: `must be one of: ${ROI_KINDS.join(', ')}` }),
      concentrationMmol: z
        .number({ message: 'must be a concentration in mmol/L' })
        .min(0, 'must be a concentration in mmol/L, at least 0')
        .optional(),
    }),
    { message: 'must map label values to { name, kind, concentrationMmol }' },
  ),
});

const t2StarSchema = z.union(
  [
    positiveMs.transform((t2StarMs) => [{ fraction: 1, t2StarMs }]),
    z
      .array(
        z.strictObject({
          fraction: z.number({ message: 'must be a fraction' }).gt(0, 'must be > 0').max(1, 'must be ≤ 1'),
          t2StarMs: positiveMs,
        }),
      )
      .min(1, 'must list at least one component')
      .refine(
        (components) => Math.abs(components.reduce((sum, c) => sum + c.fraction, 0) - 1) < 1e-6,
        'the fractions must add up to 1',
      ),
  ],
  { message: 'must be a T2* in ms (mono-exponential) or a list of { fraction, t2StarMs } components' },
);

const compartmentSchema = z.strictObject({ t1Ms: positiveMs, t2Star: t2StarSchema });

const relaxationSchema = z.strictObject({
  trMs: positiveMs,
  teMs: z.number({ message: 'must be a number of milliseconds' }).min(0, 'must be ≥ 0 ms'),
  flipAngleDeg: z
    .number({ message: 'must be a flip angle in degrees' })
    .gt(0, 'must be > 0°')
    .max(180, 'must be ≤ 180°'),
  compartments: z.strictObject(
    Object.fromEntries(COMPARTMENT_KINDS.map((kind) => [kind, compartmentSchema])) as Record<
      CompartmentKind,
      typeof compartmentSchema
    >,
    { message: `must give { t1Ms, t2Star } for each of: ${COMPARTMENT_KINDS.join(', ')}` },
  ),
});

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string, prefix: string): T {
  // The input is reported so that a missing field is told from a wrong one (see zodIssueCode).
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ManusError('bad_request', `Invalid ${what}`, zodFields(parsed.error, prefix));
}

/**
 * The legend, checked for what a quantification needs: each reference has a concentration, and there are at
 * least two references (a line needs two points).
 */
export function parseLegend(input: unknown): LegendEntry[] {
  const legend = parse(legendSchema, input, 'legend', 'legend');
  const entries = Object.entries(legend.labels)
    .map(([key, entry]) => ({ label: Number(key), ...entry }))
    .sort((a, b) => a.label - b.label);
  const tooLarge = entries.filter((e) => e.label > MAX_LABEL);
  if (tooLarge.length > 0) {
    throw new ManusError(
      'bad_request',
      `Label values must be at most ${MAX_LABEL}`,
      tooLarge.map((e) => ({
        path: `legend.labels.${e.label}`,
        code: 'out_of_range',
        message: `must be at most ${MAX_LABEL}`,
      })),
    );
  }
  const missing = entries.filter((e) => e.kind === 'reference' && e.concentrationMmol === undefined);
  if (missing.length > 0) {
    throw new ManusError(
      'bad_request',
      `Reference ${missing.map((e) => `${e.label} (${e.name})`).join(', ')} has no concentration`,
      missing.map((e) => ({
        path: `legend.labels.${e.label}.concentrationMmol`,
        code: 'required',
        message: 'required for a reference',
      })),
    );
  }
  const references = entries.filter((e) => e.kind === 'reference').length;
  if (references < 2) {
    throw new ManusError(
      'bad_request',
      references === 0
        ? 'The legend has no reference: the calibration needs at least two reference tubes'
        : 'The legend has one reference: the calibration needs at least two reference tubes',
      [
        {
          path: 'legend.labels',
          code: 'rule',
          message: 'give at least two labels of kind "reference" with concentrationMmol',
        },
      ],
    );
  }
  return entries;
}

export function parseRelaxation(input: unknown): RelaxationModel {
  const { trMs, teMs, flipAngleDeg, compartments } = parse(
    relaxationSchema,
    input,
    'relaxation model',
    'relaxation',
  );
  return { acquisition: { trMs, teMs, flipAngleDeg }, compartments };
}
