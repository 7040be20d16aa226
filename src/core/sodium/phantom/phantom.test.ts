import { describe, expect, it } from 'vitest';
import { parseLegend, parseRelaxation } from '../inputs.ts';
import { noiseSigmaFromBackground } from '../rician.ts';
import { JOINT_RANGE_MMOL, LABELS, TUBE_CONCENTRATIONS_MMOL } from './layout.ts';
import { generatePhantom, phantomLegend, type PhantomOptions } from './phantom.ts';
import { PLAIN_PHANTOM } from './testing.ts';

const OPTIONS: PhantomOptions = { size: 64, ...PLAIN_PHANTOM };

const identical = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('hand phantom', () => {
  const phantom = generatePhantom(OPTIONS);

  it('is the same for the same seed, and different for another', () => {
    const again = generatePhantom(OPTIONS);
    expect(identical(again.sodium, phantom.sodium)).toBe(true);
    expect(again.truth).toEqual(phantom.truth);
    const other = generatePhantom({ ...OPTIONS, seed: 6 });
    expect(identical(other.sodium, phantom.sodium)).toBe(false);
    expect(other.truth.map((t) => t.concentrationMmol)).not.toEqual(
      phantom.truth.map((t) => t.concentrationMmol),
    );
    // The geometry does not depend on the seed.
    expect(identical(other.labels, phantom.labels)).toBe(true);
  });

  it('has 40 ROIs: five tubes, the background, soft tissue, bone and 16 joints per hand', () => {
    const kinds = phantom.truth.reduce<Record<string, number>>(
      (n, t) => ({ ...n, [t.kind]: (n[t.kind] ?? 0) + 1 }),
      {},
    );
    expect(kinds).toEqual({ reference: 5, noise: 1, tissue: 2, joint: 32 });
    expect(phantom.truth.filter((t) => t.kind === 'reference').map((t) => t.concentrationMmol)).toEqual([
      ...TUBE_CONCENTRATIONS_MMOL,
    ]);
    for (const joint of phantom.truth.filter((t) => t.kind === 'joint')) {
      expect(joint.concentrationMmol).toBeGreaterThanOrEqual(JOINT_RANGE_MMOL[0]);
      expect(joint.concentrationMmol).toBeLessThanOrEqual(JOINT_RANGE_MMOL[1]);
      // Even at 64³ every joint is an ROI of at least 30 voxels.
      expect(joint.voxels).toBeGreaterThanOrEqual(30);
    }
    const counts = new Map<number, number>();
    for (const label of phantom.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    for (const t of phantom.truth) expect(counts.get(t.label)).toBe(t.voxels);
    expect(phantom.truth.find((t) => t.label === LABELS.rightJoints)!.name).toBe('Right radiocarpal');
  });

  it('has a signal-free, Rayleigh background under the noise label, at the sigma that the SNR sets', () => {
    let sum = 0;
    let n = 0;
    phantom.labels.forEach((label, i) => {
      if (label !== LABELS.noise) return;
      sum += phantom.sodium[i]! ** 2;
      n++;
    });
    expect(phantom.noiseSigma).toBe(1000 / OPTIONS.snr);
    expect(noiseSigmaFromBackground(sum / n) / phantom.noiseSigma).toBeCloseTo(1, 2);
  });

  it('writes a legend and a relaxation model that quantify reads', () => {
    const legend = parseLegend(phantomLegend(phantom.truth));
    expect(legend.filter((e) => e.concentrationMmol !== undefined).map((e) => e.kind)).toEqual(
      new Array(5).fill('reference'),
    );
    const relaxed = generatePhantom({ ...OPTIONS, relaxation: true, size: 32 });
    const model = parseRelaxation(relaxed.relaxation);
    expect(model.compartments.joint.t1Ms).toBe(19);
    expect(parseRelaxation(phantom.relaxation).compartments.joint).toEqual(model.compartments.reference);
  });

  it('makes smooth receive and transmit fields and a 1H image on the same grid', () => {
    const fields = generatePhantom({
      ...OPTIONS,
      size: 32,
      receiveField: true,
      transmitField: true,
      proton: true,
    });
    const range = (a: Float32Array) => [Math.min(...a), Math.max(...a)];
    const [rMin, rMax] = range(fields.receive!);
    expect(rMin).toBeGreaterThan(0.3);
    expect(rMax).toBeLessThan(1.6);
    const [kMin, kMax] = range(fields.transmit!);
    expect(kMin).toBeGreaterThan(0.1);
    expect(kMax).toBeLessThanOrEqual(1.05);
    // Smooth: neighbours along a row differ by a few per cent at most, even at 32³.
    let steepest = 0;
    for (let i = 0; i + 1 < fields.receive!.length; i++)
      if (i % 32 !== 31)
        steepest = Math.max(steepest, Math.abs(fields.receive![i + 1]! - fields.receive![i]!));
    expect(steepest).toBeLessThan(0.05);
    expect(fields.proton).toHaveLength(32 ** 3);
    expect(fields.affine.slice(0, 4)).toEqual([8, 0, 0, -124]);
  });

  it('refuses sizes and SNRs it cannot draw', () => {
    expect(() => generatePhantom({ ...OPTIONS, size: 16 })).toThrow(RangeError);
    expect(() => generatePhantom({ ...OPTIONS, snr: 0 })).toThrow(RangeError);
  });
});
