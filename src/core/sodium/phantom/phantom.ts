import { createRandom } from '../random.ts';
import { ricianMagnitude } from '../rician.ts';
import {
  COMPARTMENT_KINDS,
  compartmentConstants,
  signalFactor,
  steadyState,
  type Acquisition,
  type Compartment,
  type CompartmentKind,
} from '../signal-model.ts';
import { receiveSensitivity, relativeTransmit } from './fields.ts';
import { handLayout, type Layout, type Region } from './layout.ts';
import { paint } from './shapes.ts';

export interface PhantomOptions {
  /** The grid is size³ voxels over a 256 mm field of view. */
  size: number;
  /** SNR of a voxel of 150 mmol/L that relaxes like the tubes, at unit receive and transmit fields. */
  snr: number;
  seed: number;
  receiveField: boolean;
  transmitField: boolean;
  /** Different relaxation per compartment; otherwise every compartment relaxes like the tubes. */
  relaxation: boolean;
  /** Also make the matching 1H image. */
  proton: boolean;
  /** Called after each slice of the sodium image, `done` out of `total`. */
  onProgress?: (done: number, total: number) => void;
}

export const MIN_PHANTOM_SIZE = 32;
export const FIELD_OF_VIEW_MM = 256;
/** The signal of the 150 mmol/L reference voxel that defines the SNR, in image units. */
const REFERENCE_SIGNAL = 1000;
const REFERENCE_MMOL = 150;
/** 1H image: soft tissue reads 1000, with an SNR of 40. */
const PROTON_SIGNAL = 1000;
const PROTON_SNR = 40;

/** A typical 3D radial UTE protocol at 7 T (method notes: TE < 0.5 ms, TR 100-200 ms or shorter). */
export const PHANTOM_ACQUISITION: Acquisition = { trMs: 80, teMs: 0.5, flipAngleDeg: 90 };

/**
 * Relaxation per compartment. Tubes: saline in agarose, mono-exponential. Joints: the wrist values of MAGMA
 * 2021;34:241 (T1 about 19 ms, T2*s 0.9 ms, T2*l 14-15 ms, 60/40 %). Soft tissue: a muscle-like bi-exponential.
 */
export const PHANTOM_COMPARTMENTS: Readonly<Record<CompartmentKind, Compartment>> = {
  reference: { t1Ms: 45, t2Star: [{ fraction: 1, t2StarMs: 30 }] },
  joint: {
    t1Ms: 19,
    t2Star: [
      { fraction: 0.6, t2StarMs: 0.9 },
      { fraction: 0.4, t2StarMs: 14.9 },
    ],
  },
  tissue: {
    t1Ms: 25,
    t2Star: [
      { fraction: 0.6, t2StarMs: 1.5 },
      { fraction: 0.4, t2StarMs: 20 },
    ],
  },
};

export interface PhantomLabel {
  label: number;
  name: string;
  kind: 'reference' | 'joint' | 'tissue' | 'noise';
  concentrationMmol: number;
  voxels: number;
}

export interface Phantom {
  dims: [number, number, number];
  spacing: [number, number, number];
  /** Voxel → LPS mm, centred on the field of view. */
  affine: number[];
  sodium: Float32Array;
  proton: Float32Array | null;
  labels: Int16Array;
  receive: Float32Array | null;
  transmit: Float32Array | null;
  /** Every ROI of the label map with its true concentration and voxel count. */
  truth: PhantomLabel[];
  /** The relaxation model the signal was made with, in the shape `manus quantify --relaxation` reads. */
  relaxation: {
    trMs: number;
    teMs: number;
    flipAngleDeg: number;
    compartments: Record<CompartmentKind, Compartment>;
  };
  noiseSigma: number;
}

/** Paints the layout's regions (1-based region index per voxel) and derives the label map, noise label included. */
function rasterise(layout: Layout, n: number): { regionOf: Uint8Array; labels: Int16Array } {
  const dims: [number, number, number] = [n, n, n];
  const regionOf = new Uint8Array(n * n * n);
  layout.regions.forEach((region, r) => {
    for (const shape of region.shapes) paint(regionOf, dims, shape, r + 1);
  });
  const labels = new Int16Array(n * n * n);
  const slice = n * n;
  for (let z = 0; z < n; z++) {
    if (z >= layout.noise.below && z <= layout.noise.above) continue;
    // Only where nothing was painted: the background must be signal-free.
    for (let i = z * slice; i < (z + 1) * slice; i++) if (regionOf[i] === 0) labels[i] = layout.noise.label;
  }
  const regionLabel = Int16Array.from([0, ...layout.regions.map((r) => r.label)]);
  for (let i = 0; i < labels.length; i++) if (regionOf[i] !== 0) labels[i] = regionLabel[regionOf[i]!]!;
  return { regionOf, labels };
}

/** The matching 1H image: proton density per region, with its own noise stream so the sodium image is unchanged. */
function protonImage(regions: readonly (Region | null)[], regionOf: Uint8Array, seed: number): Float32Array {
  const density = Float64Array.from(regions, (r) => (r ? r.protonDensity : 0));
  const random = createRandom(seed, 2);
  const sigma = PROTON_SIGNAL / PROTON_SNR;
  return Float32Array.from(regionOf, (r) =>
    ricianMagnitude(PROTON_SIGNAL * density[r]!, sigma, random.normal(), random.normal()),
  );
}

/**
 * A hand-like sodium phantom made with the signal model of the method notes, S = G C R F_x, plus Rician noise
 * (magnitude of complex Gaussian noise), from a seed: the same options always give the same volumes.
 */
export function generatePhantom(options: PhantomOptions): Phantom {
  const n = options.size;
  if (!Number.isInteger(n) || n < MIN_PHANTOM_SIZE)
    throw new RangeError(`The phantom size must be an integer ≥ ${MIN_PHANTOM_SIZE}`);
  if (!(options.snr > 0)) throw new RangeError('The SNR must be positive');
  const dims: [number, number, number] = [n, n, n];
  const random = createRandom(options.seed);
  const layout = handLayout(n, random);

  const { regionOf, labels } = rasterise(layout, n);

  const compartments = options.relaxation
    ? PHANTOM_COMPARTMENTS
    : {
        reference: PHANTOM_COMPARTMENTS.reference,
        joint: PHANTOM_COMPARTMENTS.reference,
        tissue: PHANTOM_COMPARTMENTS.reference,
      };
  const constants = Object.fromEntries(
    COMPARTMENT_KINDS.map((kind) => [kind, compartmentConstants(PHANTOM_ACQUISITION, compartments[kind])]),
  ) as Record<CompartmentKind, ReturnType<typeof compartmentConstants>>;
  const gain = REFERENCE_SIGNAL / (REFERENCE_MMOL * signalFactor(constants.reference));
  const sigma = REFERENCE_SIGNAL / options.snr;

  const regions: (Region | null)[] = [null, ...layout.regions];
  const concentration = Float64Array.from(regions, (r) => r?.concentrationMmol ?? 0);
  const e1 = Float64Array.from(regions, (r) => (r ? constants[r.kind].e1 : 0));
  const decay = Float64Array.from(regions, (r) => (r ? constants[r.kind].decay : 0));
  const factor = Float64Array.from(regions, (r) => (r ? signalFactor(constants[r.kind]) : 0));
  const flip = constants.reference.nominalFlipRad;

  const sodium = new Float32Array(n * n * n);
  const receive = options.receiveField ? new Float32Array(n * n * n) : null;
  const transmit = options.transmitField ? new Float32Array(n * n * n) : null;
  const noise = createRandom(options.seed, 1);
  for (let z = 0, i = 0; z < n; z++) {
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++, i++) {
        const r = regionOf[i]!;
        let amplitude = gain * concentration[r]!;
        if (transmit) {
          const kappa = relativeTransmit(n, x, y, z);
          transmit[i] = kappa;
          amplitude *= steadyState(kappa * flip, e1[r]!) * decay[r]!;
        } else amplitude *= factor[r]!;
        if (receive) {
          const sensitivity = receiveSensitivity(n, x, y, z);
          receive[i] = sensitivity;
          amplitude *= sensitivity;
        }
        sodium[i] = ricianMagnitude(amplitude, sigma, noise.normal(), noise.normal());
      }
    }
    options.onProgress?.(z + 1, n);
  }

  const proton = options.proton ? protonImage(regions, regionOf, options.seed) : null;

  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++)
    if (labels[i] !== 0) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  const truth: PhantomLabel[] = [
    ...layout.regions
      .filter((r) => r.label !== 0)
      .map((r) => ({
        label: r.label,
        name: r.name,
        kind: r.kind,
        concentrationMmol: r.concentrationMmol,
        voxels: 0,
      })),
    {
      label: layout.noise.label,
      name: 'Background',
      kind: 'noise' as const,
      concentrationMmol: 0,
      voxels: 0,
    },
  ]
    .map((entry) => ({ ...entry, voxels: counts.get(entry.label) ?? 0 }))
    .sort((a, b) => a.label - b.label);

  const spacing = FIELD_OF_VIEW_MM / n;
  const origin = -FIELD_OF_VIEW_MM / 2 + spacing / 2;
  return {
    dims,
    spacing: [spacing, spacing, spacing],
    affine: [spacing, 0, 0, origin, 0, spacing, 0, origin, 0, 0, spacing, origin, 0, 0, 0, 1],
    sodium,
    proton,
    labels,
    receive,
    transmit,
    truth,
    relaxation: { ...PHANTOM_ACQUISITION, compartments: { ...compartments } },
    noiseSigma: sigma,
  };
}

/** The legend `manus quantify` reads: concentrations for the references only, the rest is what is measured. */
export function phantomLegend(truth: readonly PhantomLabel[]): {
  labels: Record<string, { name: string; kind: PhantomLabel['kind']; concentrationMmol?: number }>;
} {
  return {
    labels: Object.fromEntries(
      truth.map((t) => [
        String(t.label),
        t.kind === 'reference'
          ? { name: t.name, kind: t.kind, concentrationMmol: t.concentrationMmol }
          : { name: t.name, kind: t.kind },
      ]),
    ),
  };
}
