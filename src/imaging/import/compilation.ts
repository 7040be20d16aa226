import { setFlagsFromString } from 'node:v8';

/**
 * Below this many files an import is over before TurboFan's optimised code has paid for compiling it. Measured on
 * the 1,000-file bench exam (2 cores): optimising the import's hot paths in the three isolates (calling thread and
 * two workers) cost about 0.5 s of processor time, while the optimised code saves about 0.08 ms per file over
 * V8's baseline tier, so it only wins past some 6,000 files.
 */
export const TURBOFAN_PAYS_OFF_AT_FILES = 6000;

/**
 * Turns TurboFan off for the rest of this process when the import is short. V8 flags are process-wide, so only a
 * process that does nothing but one import may call this (the `manus import` command); the server keeps its
 * optimising compiler for everything else it runs. Answers whether TurboFan was turned off.
 */
export function skipOptimisingCompilerForShortImport(files: number): boolean {
  if (files >= TURBOFAN_PAYS_OFF_AT_FILES) return false;
  setFlagsFromString('--no-opt');
  return true;
}
