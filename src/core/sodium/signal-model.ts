/**
 * The signal model of the method notes: for a compartment x (a reference tube, joint or tissue),
 *
 *   S = G * C * R * F_x,   F_x = sin(k a) (1 - E1) / (1 - E1 cos(k a)) * D_x(TE),   E1 = exp(-TR / T1_x)
 *   D_x = sum_i f_i exp(-TE / T2*_i)
 *
 * The first factor is the spoiled steady state of Ernst & Anderson (Rev Sci Instrum 1966;37:93), with the actual
 * flip angle k * a for a relative transmit field k. D_x is the mono-exponential (free fluid, tubes) or
 * bi-exponential (tissue: about 60 % short and 40 % long T2*) decay at the echo time; standards that relax
 * differently from tissue bias the result by up to 20 % (Boada et al., MRM 1994;32:219).
 */

export type CompartmentKind = 'reference' | 'joint' | 'tissue';
export const COMPARTMENT_KINDS: readonly CompartmentKind[] = ['reference', 'joint', 'tissue'];

export interface T2StarComponent {
  fraction: number;
  t2StarMs: number;
}

export interface Compartment {
  t1Ms: number;
  t2Star: readonly T2StarComponent[];
}

export interface Acquisition {
  trMs: number;
  teMs: number;
  flipAngleDeg: number;
}

export interface RelaxationModel {
  acquisition: Acquisition;
  compartments: Readonly<Record<CompartmentKind, Compartment>>;
}

/** D_x(TE): the fraction of the signal left at the echo time. */
export function t2StarDecay(teMs: number, components: readonly T2StarComponent[]): number {
  let decay = 0;
  for (const c of components) decay += c.fraction * Math.exp(-teMs / c.t2StarMs);
  return decay;
}

/** sin(flip) (1 - E1) / (1 - E1 cos(flip)), the spoiled steady-state signal per unit magnetisation. */
export function steadyState(flipRad: number, e1: number): number {
  return (Math.sin(flipRad) * (1 - e1)) / (1 - e1 * Math.cos(flipRad));
}

/** The parts of F_x that do not depend on the voxel, so that a transmit map costs one sin and cos per voxel. */
export interface CompartmentConstants {
  e1: number;
  decay: number;
  nominalFlipRad: number;
}

export function compartmentConstants(
  acquisition: Acquisition,
  compartment: Compartment,
): CompartmentConstants {
  return {
    e1: Math.exp(-acquisition.trMs / compartment.t1Ms),
    decay: t2StarDecay(acquisition.teMs, compartment.t2Star),
    nominalFlipRad: (acquisition.flipAngleDeg * Math.PI) / 180,
  };
}

/** F_x at relative transmit k. */
export function signalFactor(constants: CompartmentConstants, kappa = 1): number {
  return steadyState(kappa * constants.nominalFlipRad, constants.e1) * constants.decay;
}
