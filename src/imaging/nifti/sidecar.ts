import { ManusError } from '../../core/errors.ts';
import { normaliseNucleus, type AcquisitionParameters } from '../deid/acquisition.ts';

/**
 * A NIfTI file's JSON sidecar, read BIDS-style (times in seconds). Only acquisition parameters and the series
 * description are taken: anything else a converter wrote there (names, dates, UIDs) is ignored.
 */
export interface Sidecar {
  description: string | null;
  acquisition: AcquisitionParameters;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 64) : null;
const ms = (seconds: number | null): number | null =>
  seconds === null ? null : +(seconds * 1000).toFixed(6);

export function readSidecar(text: string | undefined): Sidecar {
  let json: Record<string, unknown> = {};
  if (text !== undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        json = parsed as Record<string, unknown>;
      else throw new Error('not an object');
    } catch (error) {
      throw new ManusError(
        'invalid',
        `Unreadable JSON sidecar: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return {
    description: str(json.SeriesDescription),
    acquisition: {
      nucleus: normaliseNucleus(str(json.ImagedNucleus) ?? str(json.ResonantNucleus) ?? undefined),
      repetitionTimeMs: ms(num(json.RepetitionTime)),
      echoTimeMs: ms(num(json.EchoTime)),
      flipAngleDeg: num(json.FlipAngle),
      imagingFrequencyMHz: num(json.ImagingFrequency),
      referenceVoltageV: num(json.ReferenceVoltage) ?? num(json.TransmitterReferenceAmplitude),
      coil: str(json.ReceiveCoilName) ?? str(json.TransmitCoilName),
    },
  };
}
