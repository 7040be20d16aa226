import type { z } from 'zod';
import { ManusError } from '../errors.ts';
import { zodIssueCode } from '../zod-fields.ts';
import { chiSquare, chiSquareInput } from './chi-square.ts';
import { describe, describeInput } from './describe.ts';
import { fisherExact, fisherExactInput } from './fisher.ts';
import { icc, iccInput } from './icc.ts';
import { toJsonValue, type JsonObject } from './json.ts';
import { cohenKappa, cohenKappaInput } from './kappa.ts';
import { kendall, kendallInput } from './kendall.ts';
import { logistic, logisticInput } from './logistic.ts';
import { mannWhitney, mannWhitneyInput } from './mann-whitney.ts';
import { pAdjust, pAdjustInput } from './p-adjust.ts';
import { pearson, pearsonInput } from './pearson.ts';
import { newcombe, newcombeInput, wilson, wilsonInput } from './proportions.ts';
import { spearman, spearmanInput } from './spearman.ts';
import { studentTInput, tTest, welchTInput } from './t-test.ts';

/**
 * Every statistical test, once: its input schema, what it computes, and the function. The CLI (`manus stats`) and
 * the API (`POST /api/stats/:test`) both go through runStatsTest, so validation and results cannot drift apart.
 */
export interface StatsTest<S extends z.ZodType = z.ZodType> {
  description: string;
  /** The R call whose semantics the test reproduces. */
  r: string;
  input: S;
  run(input: z.output<S>): unknown;
}

const defineTest = <S extends z.ZodType>(test: StatsTest<S>): StatsTest => test as unknown as StatsTest;

export const STATS_TESTS = {
  'fisher-exact': defineTest({
    description: "Fisher's exact test; odds ratio (conditional MLE) and its exact interval for a 2 x 2 table",
    r: 'fisher.test(table)',
    input: fisherExactInput,
    run: fisherExact,
  }),
  'chi-square': defineTest({
    description: "Pearson's chi-square test of independence (Yates' correction for 2 x 2 when correct)",
    r: 'chisq.test(table, correct = correct)',
    input: chiSquareInput,
    run: chiSquare,
  }),
  'mann-whitney': defineTest({
    description: 'Wilcoxon-Mann-Whitney rank-sum test (exact below 50 per group without ties)',
    r: 'wilcox.test(x, y)',
    input: mannWhitneyInput,
    run: mannWhitney,
  }),
  'welch-t': defineTest({
    description: "Welch's two-sample t-test (unequal variances)",
    r: 't.test(x, y)',
    input: welchTInput,
    run: (input) => tTest(input, false),
  }),
  'student-t': defineTest({
    description: "Student's two-sample t-test (pooled variance)",
    r: 't.test(x, y, var.equal = TRUE)',
    input: studentTInput,
    run: (input) => tTest(input, true),
  }),
  spearman: defineTest({
    description: "Spearman's rank correlation test (AS 89 without ties for n <= 1290, else t approximation)",
    r: 'cor.test(x, y, method = "spearman")',
    input: spearmanInput,
    run: spearman,
  }),
  kendall: defineTest({
    description: "Kendall's tau-b rank correlation test (exact below n = 50 without ties)",
    r: 'cor.test(x, y, method = "kendall")',
    input: kendallInput,
    run: kendall,
  }),
  pearson: defineTest({
    description: "Pearson's product-moment correlation test with Fisher z interval",
    r: 'cor.test(x, y)',
    input: pearsonInput,
    run: pearson,
  }),
  wilson: defineTest({
    description: 'Wilson score interval for a proportion',
    r: 'prop.test(successes, n, conf.level = level, correct = FALSE)$conf.int',
    input: wilsonInput,
    run: wilson,
  }),
  newcombe: defineTest({
    description: 'Newcombe hybrid score interval for a difference of two proportions (method 10)',
    r: 'Newcombe (1998) method 10 from two prop.test(correct = FALSE) intervals',
    input: newcombeInput,
    run: newcombe,
  }),
  logistic: defineTest({
    description: "Logistic regression (maximum likelihood, or Firth's penalised likelihood)",
    r: 'glm(y ~ ., family = binomial); logistf(y ~ .) when firth',
    input: logisticInput,
    run: logistic,
  }),
  'cohen-kappa': defineTest({
    description: "Cohen's kappa, unweighted or with linear or quadratic weights",
    r: 'psych::cohen.kappa (unweighted); Fleiss, Cohen & Everitt (1969) standard error',
    input: cohenKappaInput,
    run: cohenKappa,
  }),
  icc: defineTest({
    description: 'Intraclass correlation ICC(2,1) and ICC(2,k): two-way random, absolute agreement',
    r: 'psych::ICC(ratings, lmer = FALSE)',
    input: iccInput,
    run: icc,
  }),
  'p-adjust': defineTest({
    description: 'Multiplicity adjustment of p-values (Holm, Benjamini-Hochberg, Bonferroni)',
    r: 'p.adjust(p, method)',
    input: pAdjustInput,
    run: pAdjust,
  }),
  describe: defineTest({
    description: 'Descriptive statistics: n, missing, mean, sd, median, quartiles (type 7), min, max',
    r: 'mean, sd, median, quantile(type = 7), min, max (na.rm = TRUE)',
    input: describeInput,
    run: describe,
  }),
} as const;

export type StatsTestName = keyof typeof STATS_TESTS;
export const STATS_TEST_NAMES = Object.keys(STATS_TESTS) as StatsTestName[];

export const isStatsTestName = (name: string): name is StatsTestName => Object.hasOwn(STATS_TESTS, name);

/** Validates the input with the test's schema and runs it; bad input is a ManusError naming each field. */
/** A test's result: always a JSON object of named quantities, as R's htest lists them. */
export function runStatsTest(name: StatsTestName, input: unknown): JsonObject {
  const test = STATS_TESTS[name];
  // The input is reported so that a missing field is told from a wrong one (see zodIssueCode).
  const parsed = test.input.safeParse(input, { reportInput: true });
  if (!parsed.success)
    throw new ManusError(
      'bad_request',
      `Invalid input for ${name}`,
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(input)',
        code: zodIssueCode(issue),
        message: issue.message,
      })),
    );
  const result = toJsonValue(test.run(parsed.data));
  if (result === null || typeof result !== 'object' || Array.isArray(result))
    throw new Error(`The ${name} test returned no object of named results`);
  return result;
}
