import { generatePhantom, type Phantom, type PhantomOptions } from './phantom.ts';

/**
 * The tests' phantom: SNR 20, seed 5, no field inhomogeneity, no relaxation and no 1H image, so that what a test
 * checks is the pipeline and the way the data reaches it, not a correction.
 */
export const PLAIN_PHANTOM: Omit<PhantomOptions, 'size'> = {
  snr: 20,
  seed: 5,
  receiveField: false,
  transmitField: false,
  relaxation: false,
  proton: false,
};

export const plainPhantom = (size: number): Phantom => generatePhantom({ size, ...PLAIN_PHANTOM });
