import { z } from 'zod';
import { buildDesign, INTERCEPT } from './design.ts';
import { pnorm, qnorm } from './distributions.ts';
import { fitFirth } from './firth.ts';
import { fitGlm } from './glm.ts';
import { finiteNumber, label, level, STATS_LIMITS, vector } from './schemas.ts';
import { isSeparated } from './separation.ts';

export const logisticInput = z
  .strictObject({
    y: vector(
      z.union([z.literal(0), z.literal(1)], { message: 'must be 0 or 1' }),
      'must be an array of 0/1 outcomes',
    ).min(2, 'must hold at least 2 outcomes'),
    x: z
      .record(
        label.min(1, 'predictor names must not be empty').refine((name) => name !== INTERCEPT, {
          message: `${INTERCEPT} is reserved for the intercept`,
        }),
        vector(finiteNumber, 'must be an array of numbers'),
        { message: 'must be an object mapping each predictor name to its values' },
      )
      .default({}),
    firth: z.boolean({ message: 'must be true or false' }).default(false),
    level,
  })
  .superRefine((value, ctx) => {
    const predictors = Object.keys(value.x).length;
    if (predictors > STATS_LIMITS.columns)
      ctx.addIssue({
        code: 'custom',
        path: ['x'],
        message: `has ${predictors} predictors: at most ${STATS_LIMITS.columns} are accepted`,
      });
    for (const [name, values] of Object.entries(value.x))
      if (values.length !== value.y.length)
        ctx.addIssue({
          code: 'custom',
          path: ['x', name],
          message: `must have the same length as y (${value.y.length} values, not ${values.length})`,
        });
    if (value.y.length <= Object.keys(value.x).length)
      ctx.addIssue({ code: 'custom', path: ['y'], message: 'needs more observations than coefficients' });
  });

export interface LogisticCoefficient {
  estimate: number;
  se: number;
  z: number;
  pValue: number;
  ci: [number, number];
  oddsRatio: number;
  oddsRatioCi: [number, number];
}

export interface LogisticResult {
  coefficients: Record<string, LogisticCoefficient>;
  method: 'glm' | 'firth';
  /** Wald for glm (z test, estimate +/- z se); penalised likelihood ratio and profile for Firth, as logistf. */
  pValueMethod: 'wald' | 'penalized-likelihood-ratio';
  ciMethod: 'wald' | 'profile-penalized-likelihood';
  level: number;
  converged: boolean;
  iterations: number;
  /** Complete or quasi-complete separation: the ordinary maximum-likelihood estimates do not exist. */
  separation: boolean;
  warning: string | null;
}

/**
 * Logistic regression: R's glm(y ~ ., family = binomial) (Wald inference), or Firth's penalised likelihood
 * with logistf's defaults when `firth` is true, the remedy when the outcome is separated.
 */
export function logistic(input: z.output<typeof logisticInput>): LogisticResult {
  const design = buildDesign(input.y, input.x);
  const separation = isSeparated(design);
  const coefficients: Record<string, LogisticCoefficient> = {};
  const withOddsRatios = (
    c: Omit<LogisticCoefficient, 'oddsRatio' | 'oddsRatioCi'>,
  ): LogisticCoefficient => ({
    ...c,
    oddsRatio: Math.exp(c.estimate),
    oddsRatioCi: [Math.exp(c.ci[0]), Math.exp(c.ci[1])],
  });
  if (input.firth) {
    const fit = fitFirth(design, input.level);
    design.names.forEach((name, k) => {
      const c = fit.coefficients[k];
      if (c) coefficients[name] = withOddsRatios({ ...c, z: c.estimate / c.se });
    });
    return {
      coefficients,
      method: 'firth',
      pValueMethod: 'penalized-likelihood-ratio',
      ciMethod: 'profile-penalized-likelihood',
      level: input.level,
      converged: fit.converged,
      iterations: fit.iterations,
      separation,
      warning: null,
    };
  }
  const fit = fitGlm(design);
  const z = qnorm((1 + input.level) / 2);
  design.names.forEach((name, k) => {
    const estimate = fit.beta[k] as number;
    const se = Math.sqrt((fit.covariance[k] as Float64Array)[k] as number);
    const zValue = estimate / se;
    coefficients[name] = withOddsRatios({
      estimate,
      se,
      z: zValue,
      pValue: 2 * pnorm(-Math.abs(zValue)),
      ci: [estimate - z * se, estimate + z * se],
    });
  });
  const warnings = [
    fit.converged ? null : 'glm.fit: algorithm did not converge',
    fit.boundaryFitted ? 'glm.fit: fitted probabilities numerically 0 or 1 occurred' : null,
    separation
      ? 'the outcome is separated: maximum-likelihood estimates do not exist; use firth: true'
      : null,
  ].filter((w): w is string => w !== null);
  return {
    coefficients,
    method: 'glm',
    pValueMethod: 'wald',
    ciMethod: 'wald',
    level: input.level,
    converged: fit.converged,
    iterations: fit.iterations,
    separation,
    warning: warnings.length > 0 ? warnings.join('; ') : null,
  };
}
