import type { Charset } from '../dicom/charset.ts';
import type { Dataset } from '../dicom/dataset.ts';
import { walk } from '../dicom/dataset.ts';
import { isPrivate, T, tag } from '../dicom/tag.ts';
import { elementNumbers, elementString, firstItem, getNumber, getString } from '../dicom/values.ts';

/**
 * Acquisition parameters recorded with each series. They are read before de-identification because the reference
 * voltage only exists in Siemens private headers, which de-identification removes.
 */
export interface AcquisitionParameters {
  nucleus: '1H' | '23NA' | null;
  repetitionTimeMs: number | null;
  echoTimeMs: number | null;
  flipAngleDeg: number | null;
  imagingFrequencyMHz: number | null;
  /** Transmitter reference amplitude (V), from the Siemens protocol (flReferenceAmplitude). */
  referenceVoltageV: number | null;
  coil: string | null;
}

/** Nucleus as Manus records it; scanners write 1H, 23Na or 23NA. */
export function normaliseNucleus(value: string | undefined): AcquisitionParameters['nucleus'] {
  const v = (value ?? '').toUpperCase().replace(/\s/g, '');
  if (v === '23NA' || v === 'NA23' || v === 'NA') return '23NA';
  if (v === '1H' || v === 'H1' || v === 'H') return '1H';
  return null;
}

const REFERENCE_AMPLITUDE = /flReferenceAmplitude\s*=\s*([0-9]+(?:\.[0-9]+)?)/;

function referenceVoltage(ds: Dataset): number | null {
  let found: number | null = null;
  walk(ds, (e) => {
    if (found !== null || !isPrivate(e.tag) || e.value.kind !== 'bytes' || e.value.bytes.length < 24) return;
    const match = REFERENCE_AMPLITUDE.exec(Buffer.from(e.value.bytes).toString('latin1'));
    if (match) found = Number(match[1]);
  });
  return found;
}

/** A value at the top level (classic images) or in the shared or first per-frame functional group (enhanced). */
function fromGroups(ds: Dataset, sequence: number, attribute: number): number | undefined {
  const direct = getNumber(ds, attribute);
  if (direct !== undefined) return direct;
  for (const groups of [T.SharedFunctionalGroupsSequence, T.PerFrameFunctionalGroupsSequence]) {
    const item = firstItem(ds, groups);
    const inner = item ? firstItem(item, sequence) : undefined;
    const value = inner ? elementNumbers(inner.get(attribute))[0] : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

const MR_RECEIVE_COIL_SEQUENCE = tag(0x0018, 0x9042);
const MR_TRANSMIT_COIL_SEQUENCE = tag(0x0018, 0x9049);

export function acquisitionParameters(ds: Dataset, charset: Charset): AcquisitionParameters {
  const coilIn = (sequence: number, attribute: number): string | undefined => {
    for (const groups of [T.SharedFunctionalGroupsSequence, T.PerFrameFunctionalGroupsSequence]) {
      const item = firstItem(ds, groups);
      const inner = item ? firstItem(item, sequence) : undefined;
      const value = inner ? elementString(inner.get(attribute), charset) : undefined;
      if (value) return value;
    }
    return undefined;
  };
  const coil =
    getString(ds, T.ReceiveCoilName, charset) ??
    coilIn(MR_RECEIVE_COIL_SEQUENCE, T.ReceiveCoilName) ??
    getString(ds, T.TransmitCoilName, charset) ??
    coilIn(MR_TRANSMIT_COIL_SEQUENCE, T.TransmitCoilName);
  return {
    nucleus: normaliseNucleus(getString(ds, T.ImagedNucleus) ?? getString(ds, T.ResonantNucleus)),
    repetitionTimeMs: fromGroups(ds, T.MRTimingAndRelatedParametersSequence, T.RepetitionTime) ?? null,
    echoTimeMs: getNumber(ds, T.EchoTime) ?? fromGroups(ds, T.MREchoSequence, T.EffectiveEchoTime) ?? null,
    flipAngleDeg: fromGroups(ds, T.MRTimingAndRelatedParametersSequence, T.FlipAngle) ?? null,
    imagingFrequencyMHz:
      getNumber(ds, T.ImagingFrequency) ?? getNumber(ds, T.ImagingFrequencyEnhanced) ?? null,
    referenceVoltageV: referenceVoltage(ds),
    coil: coil ?? null,
  };
}
