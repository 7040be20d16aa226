import { invalid } from '../errors.ts';
import { qrLeastSquares } from './linear-algebra.ts';

export const INTERCEPT = '(Intercept)';

/** A logistic model's data: the columns of X (intercept first, then the predictors in input order) and y. */
export interface Design {
  names: string[];
  columns: Float64Array[];
  y: Float64Array;
}

/** R's lm() default tolerance for calling a column linearly dependent on the ones before it. */
const COLLINEARITY_TOLERANCE = 1e-7;

export function buildDesign(y: readonly number[], predictors: Record<string, readonly number[]>): Design {
  const names = [INTERCEPT, ...Object.keys(predictors)];
  const columns = [
    new Float64Array(y.length).fill(1),
    ...Object.values(predictors).map((values) => Float64Array.from(values)),
  ];
  const { deficientColumn } = qrLeastSquares(columns, new Float64Array(y.length), COLLINEARITY_TOLERANCE);
  if (deficientColumn !== null) {
    const name = names[deficientColumn] as string;
    throw invalid(`Predictor ${name} is a linear combination of the intercept and the predictors before it`, [
      {
        path: deficientColumn === 0 ? 'y' : `x.${name}`,
        code: 'rule',
        message: 'is collinear: remove it or one of the predictors it depends on',
      },
    ]);
  }
  return { names, columns, y: Float64Array.from(y) };
}

export const linearPredictor = (columns: readonly Float64Array[], beta: ArrayLike<number>, n: number) => {
  const eta = new Float64Array(n);
  columns.forEach((column, k) => {
    const b = beta[k] as number;
    for (let i = 0; i < n; i++) eta[i] = (eta[i] as number) + b * (column[i] as number);
  });
  return eta;
};
