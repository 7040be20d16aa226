import { PHANTOM_ACQUISITION } from '../../core/sodium/phantom/phantom.ts';
import { gridOf, type Grid, type GridSize } from './hand-volume.ts';

/** The three series of a demo hand exam: their grids, tissue contrasts, noise and sequence parameters. */

export type HandSeriesKind = 't1' | 'pd-fs' | 'sodium';

export interface HandExamSizes {
  proton: GridSize;
  sodium: GridSize;
}

/** 2 × 2 × 1 mm 1H voxels and 8 × 8 × 4 mm 23Na voxels over the 256 × 224 × 40 mm box. */
export const DEFAULT_HAND_EXAM_SIZES: HandExamSizes = {
  proton: { columns: 128, rows: 112, slices: 40 },
  sodium: { columns: 32, rows: 28, slices: 10 },
};

/** Larmor frequencies at 6.98 T (a nominal 7 T magnet): 42.577 and 11.262 MHz/T. */
export const FIELD_T = 6.98;
export const GAMMA_MHZ_PER_T = { '1H': 42.577, '23NA': 11.262 } as const;

/**
 * Per-tissue signal (model TISSUE order: air, fat, soft tissue, tendon, artery, joint, synovitis, effusion,
 * tenosynovitis, cortex, marrow, oedema, erosion). T1: fat and fatty marrow bright, cortex and tendons dark,
 * arteries bright (inflow), fluid dark. PD-FS: fat suppressed, fluid, oedema and inflamed synovium bright, flow
 * voids in arteries. 23Na: the concentration in mmol/L (cartilage and fluids high, bone and fat low).
 */
const T1 = [0, 1500, 650, 60, 2300, 550, 600, 350, 400, 40, 1150, 500, 450];
const PD_FS = [0, 130, 420, 50, 60, 800, 1150, 1800, 1500, 30, 170, 1300, 1000];
const SODIUM_MMOL = [0, 20, 40, 45, 140, 220, 120, 140, 140, 5, 15, 60, 100];
/** 23Na image units per mmol/L. */
const SODIUM_GAIN = 6;

export interface SeriesPlan {
  kind: HandSeriesKind;
  number: number;
  description: string;
  nucleus: '1H' | '23NA';
  grid: Grid;
  contrast: Float32Array;
  noiseSigma: number;
  window: [number, number];
  /** MR Image module attributes of the sequence. */
  sequence: {
    scanningSequence: string;
    sequenceVariant: string;
    scanOptions: string;
    repetitionTimeMs: number;
    echoTimeMs: number;
    flipAngleDeg: number;
    echoTrainLength: number;
    time: string;
  };
}

export function seriesPlans(sizes: HandExamSizes): SeriesPlan[] {
  const proton = gridOf(sizes.proton);
  return [
    {
      kind: 't1',
      number: 1,
      description: 'SYNTHETIC 1H T1 3D GRE both hands',
      nucleus: '1H',
      grid: proton,
      contrast: Float32Array.from(T1),
      noiseSigma: 22,
      window: [1100, 2200],
      sequence: {
        scanningSequence: 'GR',
        sequenceVariant: 'SP',
        scanOptions: '',
        repetitionTimeMs: 12,
        echoTimeMs: 3.1,
        flipAngleDeg: 10,
        echoTrainLength: 1,
        time: '100500',
      },
    },
    {
      kind: 'pd-fs',
      number: 2,
      description: 'SYNTHETIC 1H PD fat-sat 3D TSE both hands',
      nucleus: '1H',
      grid: proton,
      contrast: Float32Array.from(PD_FS),
      noiseSigma: 22,
      window: [800, 1600],
      sequence: {
        scanningSequence: 'SE',
        sequenceVariant: 'SK\\SP',
        scanOptions: 'FS',
        repetitionTimeMs: 1200,
        echoTimeMs: 32,
        flipAngleDeg: 120,
        echoTrainLength: 48,
        time: '101500',
      },
    },
    {
      kind: 'sodium',
      number: 3,
      description: 'SYNTHETIC 23Na 3D radial UTE both hands',
      nucleus: '23NA',
      grid: gridOf(sizes.sodium),
      contrast: Float32Array.from(SODIUM_MMOL, (c) => c * SODIUM_GAIN),
      noiseSigma: 25,
      window: [600, 1200],
      sequence: {
        scanningSequence: 'GR',
        sequenceVariant: 'NONE',
        scanOptions: '',
        repetitionTimeMs: PHANTOM_ACQUISITION.trMs,
        echoTimeMs: PHANTOM_ACQUISITION.teMs,
        flipAngleDeg: PHANTOM_ACQUISITION.flipAngleDeg,
        echoTrainLength: 1,
        time: '103000',
      },
    },
  ];
}
