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
        code: 'invalid_option',
        message: names.length ? `one of: ${names.join(', ')}` : `${definition.id} has no variants`,
      },
    ]);
  }
  return requested;
}

/**
 * JSON has no NaN or Infinity (JSON.stringify would silently write null), so a non-finite number in a score is a
 * defect in its definition: fail loudly rather than store or print a wrong value.
 */
function assertFinite(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`non-finite number at ${path} in a score`);
  }
  if (Array.isArray(value)) value.forEach((entry, index) => assertFinite(entry, `${path}[${index}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) assertFinite(entry, `${path}.${key}`);
  }
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
  assertFinite(result, definition.id);
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
      { path: 'instrument', code: 'invalid_option', message: 'choose a scored instrument' },
    ]);
  }
  return scored;
}
