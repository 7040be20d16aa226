import { z } from 'zod';
import {
  instrumentDefinitionSchema,
  instrumentListSchema,
  scoredSchema,
} from '../../core/api/instruments.ts';
import { notFound } from '../../core/errors.ts';
import { instrumentSchema, instrumentSummary } from '../../core/instruments/dictionary.ts';
import { findInstrument, INSTRUMENTS } from '../../core/instruments/registry.ts';
import { scoreInstrument } from '../../core/instruments/score.ts';
import type { InstrumentDefinition } from '../../core/instruments/types.ts';
import { defineRoute, type RouteDef } from '../route.ts';

/**
 * Instrument definitions and stateless scoring. Definitions are published literature, not participant data, so any
 * study reader may list them (blinded radiologists included); scoring takes clinical values, so it needs
 * participant.read, which radiologists do not have.
 */
const instrumentParams = z.object({
  instrument: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be an instrument id such as mrss'),
});

function definitionOf(id: string): InstrumentDefinition {
  const definition = findInstrument(id);
  if (!definition) throw notFound(`Instrument ${id}`);
  return definition;
}

export const instrumentRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/instruments',
    access: 'study.read',
    tag: 'instruments',
    summary: 'Every instrument and form: id, version, title, kind, variants and citations',
    response: instrumentListSchema,
    async handler() {
      return { items: INSTRUMENTS.map(instrumentSummary) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/instruments/:instrument',
    access: 'study.read',
    tag: 'instruments',
    summary:
      'One instrument as JSON: items with types, ranges, units, labels, help and rules, and its variants',
    params: instrumentParams,
    response: instrumentDefinitionSchema,
    async handler({ params }) {
      return instrumentSchema(definitionOf(params.instrument));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/instruments/:instrument/score',
    access: 'participant.read',
    tag: 'instruments',
    summary: 'Validate and score item values without storing them; the same JSON as `manus score`',
    params: instrumentParams,
    body: z.object({
      values: z.record(z.string(), z.unknown(), { message: 'must be a JSON object of item values' }),
      variant: z.string().max(64).optional(),
    }),
    response: scoredSchema,
    async handler({ params, body }) {
      return scoreInstrument(definitionOf(params.instrument), body.values, body.variant);
    },
  }),
];
