import { ManusError, type FieldIssue } from '../errors.ts';
import type { InstrumentDefinition, ScoreResult } from './types.ts';
import { validateItems, type ValidatedInput } from './validate.ts';

export type Scored = ScoreResult & { warnings: FieldIssue[] };

export function variantNames(definition: InstrumentDefinition): string[] {
  return (definition.variants ?? []).map((v) => v.name);
}

/** Picks the named variant, or the default (the first); an unknown name is bad input. */
export function resolveVariant(
  definition: InstrumentDefinition,
  requested: string | undefined,
): string | null {
  const names = variantNames(definition);
  if (requested === undefined) return names[0] ?? null;
  if (!names.includes(requested)) {
    throw new ManusError('bad_request', `Unknown variant ${requested} for ${definition.id}`, [
      {
        path: 'variant',
        message: names.length ? `one of: ${names.join(', ')}` : `${definition.id} has no variants`,
      },
    ]);
  }
  return requested;
}

/** Scores already-validated input: what the server stores alongside the values. */
export function scoreValidated(
  definition: InstrumentDefinition,
  input: ValidatedInput,
  variant: string | null,
): Scored | null {
  if (!definition.score) return null;
  const result = definition.score({
    values: input.values,
    missingCodes: input.missingCodes,
    variant: variant ?? '',
  });
  return {
    instrument: definition.id,
    version: definition.version,
    variant,
    ...result,
    warnings: input.warnings,
  };
}

/**
 * Validates and scores raw input: the `manus score` and `POST /api/instruments/:id/score` contract.
 * Invalid input throws with every offending item and its allowed values.
 */
export function scoreInstrument(
  definition: InstrumentDefinition,
  raw: unknown,
  requestedVariant?: string,
): Scored {
  const variant = resolveVariant(definition, requestedVariant);
  const validated = validateItems(definition, raw);
  if (validated.issues.length) {
    throw new ManusError('bad_request', `Invalid input for ${definition.id}`, validated.issues);
  }
  const scored = scoreValidated(definition, validated, variant);
  if (!scored) {
    throw new ManusError('bad_request', `${definition.id} is a form without a score`, [
      { path: 'instrument', message: 'choose a scored instrument' },
    ]);
  }
  return scored;
}
