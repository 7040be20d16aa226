/**
 * Accessibility check of the page a browser test is on: axe-core, injected into the page, run against the WCAG 2.0
 * and 2.1 A and AA rules. Serious and critical violations fail the tests; minor and moderate ones are reported.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * axe-core's source, evaluated in the page through the DevTools protocol: the app's Content Security Policy
 * (script-src 'self') rightly refuses the inline script tag that page.addScriptTag would add.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING_IMPACTS: readonly string[] = ['serious', 'critical'];
/** Elements named per rule in a report: enough to find the cause, short enough to read. */
const EXAMPLES_PER_RULE = 3;

/** One broken rule, with the number of elements that break it and a few of them. */
export interface Violation {
  rule: string;
  impact: string;
  help: string;
  elements: number;
  examples: string[];
}

/**
 * Runs axe-core on the page as it is now, once its finite animations (a dialog fading in, a notification sliding)
 * have ended, because a half-transparent element would be measured at a contrast it never keeps.
 */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  // A spinner or a striped progress bar runs forever: only the animations that end are waited for. A cancelled one
  // rejects its `finished` promise: settled is all that matters.
  await page.evaluate(() =>
    Promise.allSettled(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished),
    ),
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, examplesPerRule }) => {
      const { axe } = window as unknown as { axe: typeof Axe };
      const results = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? 'unknown',
        help: violation.help,
        elements: violation.nodes.length,
        examples: violation.nodes
          .slice(0, examplesPerRule)
          .map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`.replace(/\s+/g, ' ')),
      }));
    },
    { tags: WCAG_TAGS, examplesPerRule: EXAMPLES_PER_RULE },
  );
}

/** The violations that fail a test: serious or critical. */
export function blockingViolations(violations: readonly Violation[]): Violation[] {
  return violations.filter((violation) => BLOCKING_IMPACTS.includes(violation.impact));
}

/** The serious and critical violations on the page now: `expect(await blockingViolationsOn(page)).toEqual([])`. */
export async function blockingViolationsOn(page: Page): Promise<Violation[]> {
  return blockingViolations(await accessibilityViolations(page));
}
