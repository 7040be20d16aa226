import { type Design, linearPredictor } from './design.ts';
import { pnorm, qnorm } from './distributions.ts';
import { crossprodInverse, invertUpper, qrLeastSquares } from './linear-algebra.ts';
import { uniroot } from './zeroin.ts';

/**
 * Firth's penalised-likelihood logistic regression (D. Firth, "Bias reduction of maximum likelihood estimates",
 * Biometrika 80 (1993) 27-38), with the inference of R's logistf (Heinze & Schemper, Statist. Med. 21 (2002)
 * 2409-2419): standard errors from the inverse Fisher information at the estimate, p-values from penalised
 * likelihood-ratio tests and confidence intervals from the profile penalised likelihood, in both cases with the
 * penalty of the full model. Unlike logistf, whose default tolerances stop at about 1e-5, every fit here is run
 * to machine precision, so results are the exact maximisers the committed R oracle (tools/r/firth.R) checks.
 */
export interface FirthCoefficient {
  estimate: number;
  se: number;
  pValue: number;
  ci: [number, number];
}

export interface FirthFit {
  coefficients: FirthCoefficient[];
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

const MAX_ITERATIONS = 200;
const MAX_HALVINGS = 40;
/** logistf's maxstep: no coefficient moves by more than 5 in one iteration, which keeps scoring stable. */
const MAX_STEP = 5;

interface Evaluation {
  penalized: number;
  score: Float64Array;
  information: Float64Array[];
  covariance: Float64Array[];
}

/** Penalised log-likelihood l(b) + log|X'WX|/2, its gradient X'(y - p + h(1/2 - p)) and X'WX. */
function evaluate(design: Design, beta: Float64Array): Evaluation {
  const { columns, y } = design;
  const n = y.length;
  const p = columns.length;
  const eta = linearPredictor(columns, beta, n);
  const prob = new Float64Array(n);
  const sqrtW = new Float64Array(n);
  let loglik = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i] as number;
    const pi = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
    prob[i] = pi;
    sqrtW[i] = Math.sqrt(pi * (1 - pi));
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    loglik += (y[i] as number) * e - softplus;
  }
  const weighted = columns.map((column) => column.map((v, i) => v * (sqrtW[i] as number)));
  const { r } = qrLeastSquares(weighted, new Float64Array(n), 0);
  let halfLogDet = 0;
  for (let k = 0; k < p; k++) halfLogDet += Math.log(Math.abs((r[k] as Float64Array)[k] as number));
  const rInverse = invertUpper(r);
  const score = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    // Leverage h_i: squared norm of row i of Q = W^(1/2) X R^-1.
    let h = 0;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++)
        s += ((weighted[k] as Float64Array)[i] as number) * ((rInverse[k] as Float64Array)[j] as number);
      row[j] = s;
      h += s * s;
    }
    const residual = (y[i] as number) - (prob[i] as number) + h * (0.5 - (prob[i] as number));
    for (let k = 0; k < p; k++)
      score[k] = (score[k] as number) + residual * ((columns[k] as Float64Array)[i] as number);
  }
  const information = Array.from({ length: p }, (_, i) =>
    Float64Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let k = 0; k <= Math.min(i, j); k++)
        s += ((r[k] as Float64Array)[i] as number) * ((r[k] as Float64Array)[j] as number);
      return s;
    }),
  );
  return { penalized: loglik + halfLogDet, score, information, covariance: crossprodInverse(r) };
}

/** Solves the small symmetric positive-definite system A x = b by Cholesky. */
function solveSpd(a: Float64Array[], b: Float64Array): Float64Array {
  const p = b.length;
  const l = Array.from({ length: p }, () => new Float64Array(p));
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = (a[i] as Float64Array)[j] as number;
      for (let k = 0; k < j; k++)
        s -= ((l[i] as Float64Array)[k] as number) * ((l[j] as Float64Array)[k] as number);
      (l[i] as Float64Array)[j] = i === j ? Math.sqrt(s) : s / ((l[j] as Float64Array)[j] as number);
    }
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = x[i] as number;
    for (let k = 0; k < i; k++) s -= ((l[i] as Float64Array)[k] as number) * (x[k] as number);
    x[i] = s / ((l[i] as Float64Array)[i] as number);
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < p; k++) s -= ((l[k] as Float64Array)[i] as number) * (x[k] as number);
    x[i] = s / ((l[i] as Float64Array)[i] as number);
  }
  return x;
}

interface Maximum {
  beta: Float64Array;
  evaluation: Evaluation;
  iterations: number;
  converged: boolean;
}

/**
 * Maximises the penalised likelihood over the free coefficients (all, or all but one held at a fixed value).
 * Fisher scoring with step halving (logistf's iteration) gets close; it converges only linearly, slowly near
 * separation, so once its steps are small Newton steps on the Hessian of l* (central differences of the exact
 * gradient) take over and finish to machine precision.
 */
function maximize(design: Design, start: Float64Array, fixed: number | null): Maximum {
  const p = start.length;
  const free = Array.from({ length: p }, (_, k) => k).filter((k) => k !== fixed);
  let beta: Float64Array = Float64Array.from(start);
  let current = evaluate(design, beta);
  if (free.length === 0) return { beta, evaluation: current, iterations: 0, converged: true };
  let lastStep = Number.POSITIVE_INFINITY;
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const gradient = Float64Array.from(free, (k) => current.score[k] as number);
    let step = lastStep < 1e-3 ? newtonStep(design, beta, free, gradient) : null;
    step ??= solveSpd(
      free.map((i) => Float64Array.from(free, (j) => (current.information[i] as Float64Array)[j] as number)),
      gradient,
    );
    let scale = Math.min(1, MAX_STEP / Math.max(...step.map(Math.abs)));
    let candidate: Float64Array = beta;
    let next = current;
    let improved = false;
    for (let halving = 0; halving <= MAX_HALVINGS && !improved; halving++) {
      candidate = Float64Array.from(beta);
      free.forEach((k, i) => {
        candidate[k] = (beta[k] as number) + scale * ((step as Float64Array)[i] as number);
      });
      next = evaluate(design, candidate);
      improved = next.penalized >= current.penalized - 1e-12 * Math.abs(current.penalized);
      if (!improved) scale /= 2;
    }
    if (!improved) {
      const stationary = gradient.every((g) => Math.abs(g) < 1e-8);
      return { beta, evaluation: current, iterations: iteration, converged: stationary };
    }
    const moved = free.some((k) => candidate[k] !== beta[k]);
    lastStep = Math.max(
      ...free.map(
        (k, i) => Math.abs(scale * ((step as Float64Array)[i] as number)) / (1 + Math.abs(beta[k] as number)),
      ),
    );
    beta = candidate;
    current = next;
    if (!moved || lastStep < 1e-15)
      return { beta, evaluation: current, iterations: iteration, converged: true };
  }
  return { beta, evaluation: current, iterations: MAX_ITERATIONS, converged: false };
}

/** Newton step -H^-1 g over the free coefficients, or null where the Hessian is not negative definite. */
function newtonStep(
  design: Design,
  beta: Float64Array,
  free: number[],
  gradient: Float64Array,
): Float64Array | null {
  const minusHessian = free.map(() => new Float64Array(free.length));
  free.forEach((k, column) => {
    const h = 1e-5 * (1 + Math.abs(beta[k] as number));
    const shifted = (delta: number) => {
      const b = Float64Array.from(beta);
      b[k] = (b[k] as number) + delta;
      return evaluate(design, b).score;
    };
    const up = shifted(h);
    const down = shifted(-h);
    free.forEach((j, row) => {
      (minusHessian[row] as Float64Array)[column] = -((up[j] as number) - (down[j] as number)) / (2 * h);
    });
  });
  const symmetric = minusHessian.map((row, i) =>
    row.map((v, j) => (v + ((minusHessian[j] as Float64Array)[i] as number)) / 2),
  );
  const step = solveSpd(symmetric, gradient);
  return step.every(Number.isFinite) ? step : null;
}

export function fitFirth(design: Design, confidence: number): FirthFit {
  const p = design.columns.length;
  const full = maximize(design, new Float64Array(p), null);
  const best = full.evaluation.penalized;
  const z = qnorm((1 + confidence) / 2);
  const critical = z * z;
  const coefficients = Array.from({ length: p }, (_, j): FirthCoefficient => {
    const estimate = full.beta[j] as number;
    const se = Math.sqrt((full.evaluation.covariance[j] as Float64Array)[j] as number);
    let warm: Float64Array = Float64Array.from(full.beta);
    // Twice the drop of the profile penalised log-likelihood with coefficient j held at b, started from the last
    // profile point or from the full estimate, whichever fits better there.
    const drop = (b: number): number => {
      const previous = Float64Array.from(warm);
      previous[j] = b;
      const fresh = Float64Array.from(full.beta);
      fresh[j] = b;
      const start =
        evaluate(design, previous).penalized > evaluate(design, fresh).penalized ? previous : fresh;
      const fit = maximize(design, start, j);
      warm = fit.beta;
      return 2 * (best - fit.evaluation.penalized);
    };
    const statistic = Math.max(0, drop(0));
    const limit = (direction: 1 | -1): number => {
      let distance = Math.max(se, 1e-8) * z;
      for (let expansion = 0; expansion < 60; expansion++) {
        if (drop(estimate + direction * distance) > critical) {
          const root = uniroot(
            (b) => drop(b) - critical,
            Math.min(estimate, estimate + direction * distance),
            Math.max(estimate, estimate + direction * distance),
            1e-12 * Math.max(1, Math.abs(estimate) + distance),
          );
          return root;
        }
        distance *= 2;
      }
      return direction * Number.POSITIVE_INFINITY;
    };
    return { estimate, se, pValue: 2 * pnorm(-Math.sqrt(statistic)), ci: [limit(-1), limit(1)] };
  });
  return { coefficients, logLikelihood: best, iterations: full.iterations, converged: full.converged };
}
