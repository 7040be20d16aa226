import { ManusError } from '../errors.ts';
import { bmi } from './definitions/bmi.ts';
import { mrss } from './definitions/mrss.ts';
import type { InstrumentDefinition } from './types.ts';

/** Every instrument and form Manus knows, by id. */
export const INSTRUMENTS: readonly InstrumentDefinition[] = [mrss, bmi];

export function findInstrument(id: string): InstrumentDefinition | undefined {
  return INSTRUMENTS.find((i) => i.id === id);
}

export function getInstrument(id: string): InstrumentDefinition {
  const found = findInstrument(id);
  if (!found) {
    throw new ManusError('bad_request', `Unknown instrument ${id}`, [
      { path: 'instrument', message: `one of: ${INSTRUMENTS.map((i) => i.id).join(', ')}` },
    ]);
  }
  return found;
}
