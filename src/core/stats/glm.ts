import { type Design, linearPredictor } from './design.ts';
import { crossprodInverse, qrLeastSquares } from './linear-algebra.ts';

/**
 * Maximum-likelihood logistic regression by iteratively reweighted least squares, step for step as R's
 * glm.fit() with family = binomial (src/library/stats/R/glm.R, family.c): start from mu = (y + 1/2)/2, solve each
 * weighted least-squares step by QR, stop when |dev - dev_old| / (|dev| + 0.1) < 1e-8 or after 25 iterations,
 * and take the covariance from the QR of the last step. Replaying the same iterations, rather than solving to
 * full precision, is what makes the estimates equal R's to 1e-9 (R's own tolerance leaves them ~1e-8 from the
 * exact maximum) and keeps the diverging estimates of separated data comparable.
 */
export interface GlmFit {
  beta: Float64Array;
  covariance: Float64Array[];
  deviance: number;
  iterations: number;
  converged: boolean;
  /** R's warning "fitted probabilities numerically 0 or 1 occurred". */
  boundaryFitted: boolean;
}

const EPSILON = 1e-8;
const MAX_ITERATIONS = 25;
const THRESHOLD = 30;

/** logit^-1 with R's clamps at |eta| > 30 (src/library/stats/src/family.c). */
function inverseLink(eta: number): number {
  const t = eta < -THRESHOLD ? Number.EPSILON : eta > THRESHOLD ? 1 / Number.EPSILON : Math.exp(eta);
  return t / (1 + t);
}

function derivative(eta: number): number {
  if (eta > THRESHOLD || eta < -THRESHOLD) return Number.EPSILON;
  const opexp = 1 + Math.exp(eta);
  return Math.exp(eta) / (opexp * opexp);
}

function deviance(y: Float64Array, mu: Float64Array): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++)
    dev +=
      2 * ((y[i] as number) === 1 ? Math.log(1 / (mu[i] as number)) : Math.log(1 / (1 - (mu[i] as number))));
  return dev;
}

export function fitGlm(design: Design): GlmFit {
  const { columns, y } = design;
  const n = y.length;
  let mu = y.map((v) => (v + 0.5) / 2);
  let eta = mu.map((m) => Math.log(m / (1 - m)));
  let devOld = deviance(y, mu);
  let beta: Float64Array = new Float64Array(columns.length);
  let r: Float64Array[] = [];
  let dev = devOld;
  let converged = false;
  let iterations = 0;
  for (let iter = 1; iter <= MAX_ITERATIONS; iter++) {
    iterations = iter;
    const w = new Float64Array(n);
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = derivative(eta[i] as number);
      const m = mu[i] as number;
      w[i] = Math.sqrt((d * d) / (m * (1 - m)));
      z[i] = ((eta[i] as number) + ((y[i] as number) - m) / d) * (w[i] as number);
    }
    const weighted = columns.map((column) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = (column[i] as number) * (w[i] as number);
      return out;
    });
    const fit = qrLeastSquares(weighted, z, 0);
    beta = fit.coefficients;
    r = fit.r;
    eta = linearPredictor(columns, beta, n);
    mu = eta.map(inverseLink);
    dev = deviance(y, mu);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < EPSILON) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  const edge = 10 * Number.EPSILON;
  return {
    beta,
    covariance: crossprodInverse(r),
    deviance: dev,
    iterations,
    converged,
    boundaryFitted: mu.some((m) => m > 1 - edge || m < edge),
  };
}
