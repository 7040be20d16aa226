import { ManusError } from '../errors.ts';

export interface CalibrationLine {
  /** Signal per mmol/L. */
  slope: number;
  /** Signal at 0 mmol/L. */
  intercept: number;
  r2: number;
  /** Observed minus fitted signal, in the order of the points. */
  residuals: number[];
}

/**
 * Ordinary least squares of signal against concentration over the reference tubes, I = a C + b (the standard
 * tube calibration of Madelin et al., MRM 2012;68:841). Centred sums keep it exact for large signal offsets.
 * Two points fit exactly (r^2 = 1); equal concentrations or a non-positive slope cannot calibrate anything.
 */
export function fitCalibration(
  concentrations: readonly number[],
  signals: readonly number[],
): CalibrationLine {
  const n = concentrations.length;
  if (n < 2 || signals.length !== n) {
    throw new ManusError('bad_request', `A calibration needs at least two reference tubes; there are ${n}`);
  }
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += concentrations[i]!;
    my += signals[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = concentrations[i]! - mx;
    const dy = signals[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) {
    throw new ManusError(
      'bad_request',
      'The reference tubes all have the same concentration: no calibration line',
      [{ path: 'legend', code: 'rule', message: 'give references of at least two different concentrations' }],
    );
  }
  const slope = sxy / sxx;
  if (!(slope > 0)) {
    throw new ManusError(
      'bad_request',
      `The calibration slope is ${slope}: the reference signal does not rise with concentration`,
      [{ path: 'legend', code: 'rule', message: 'check the reference labels and their concentrations' }],
    );
  }
  const intercept = my - slope * mx;
  const residuals = concentrations.map((c, i) => signals[i]! - (slope * c + intercept));
  const ssResidual = residuals.reduce((sum, r) => sum + r * r, 0);
  return { slope, intercept, r2: syy === 0 ? 1 : 1 - ssResidual / syy, residuals };
}

/** C = (I - b) / a, for a signal already divided by R * F. */
export function concentrationOf(line: Pick<CalibrationLine, 'slope' | 'intercept'>, signal: number): number {
  return (signal - line.intercept) / line.slope;
}
