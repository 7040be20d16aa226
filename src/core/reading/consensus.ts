/**
 * Two independent reads of an exam, compared. The adjudication rule says which differences need a third reader:
 * by default a disagreement on a primary item, i.e. on whether a lesion of a type is present at a site (the study's
 * primary outcome); alternatively any difference in any item. Without such a difference the two reads make the
 * agreed reading; otherwise the adjudicator's choices settle the disputed fields and the rest carries over.
 *
 * Where two reads differ without needing adjudication (grade 1 against grade 2 of a synovitis both call present, or
 * a digital artery one calls thin and the other occluded, under the default rule), the agreed reading keeps the more
 * abnormal value. Imaging trials keep one reader's actual value rather than averaging, because an average is on
 * neither read and breaks the audit trail back to one (../shared/reference/reading-workstation.md §5; Medical
 * Imaging in Clinical Trials, ch. 5); of the two values, the more abnormal is chosen because it does not depend on
 * which reader submitted first, so agreedReading(a, b) = agreedReading(b, a), and because no finding one
 * radiologist saw is lost from the final reading. Both reads stay on record unchanged.
 */
import { invalid } from '../errors.ts';
import { findingKey, indexFindings, validateFindings, type Finding, type Reading } from './findings.ts';
import { ITEM_IDS, readingItem, type FindingValue, type ItemId } from './items.ts';
import { isAbnormal, severityRank } from './scale.ts';
import { siteRank } from './sites.ts';

export const ADJUDICATION_RULES = ['primary_presence', 'any_difference'] as const;
export type AdjudicationRule = (typeof ADJUDICATION_RULES)[number];
export const DEFAULT_ADJUDICATION_RULE: AdjudicationRule = 'primary_presence';

export interface Disagreement {
  site: string;
  item: ItemId;
  /** Each reader's value; null where the reader recorded none. */
  a: FindingValue | null;
  b: FindingValue | null;
}

export interface AdjudicatorChoice {
  site: string;
  item: ItemId;
  value: FindingValue;
}

/** Every (site, item) of either read, first read's order first. */
function pairs(a: Reading, b: Reading): { site: string; item: ItemId; a?: Finding; b?: Finding }[] {
  const indexA = indexFindings(a.findings);
  const indexB = indexFindings(b.findings);
  const keys = new Map<string, { site: string; item: ItemId }>();
  for (const f of [...a.findings, ...b.findings]) keys.set(findingKey(f.site, f.item), f);
  return [...keys].map(([key, { site, item }]) => ({ site, item, a: indexA.get(key), b: indexB.get(key) }));
}

const differs = (
  rule: AdjudicationRule,
  item: ItemId,
  a: Finding | undefined,
  b: Finding | undefined,
): boolean => {
  if (!a || !b) return rule === 'any_difference' || readingItem(item).primary;
  if (rule === 'any_difference') return a.value !== b.value;
  const definition = readingItem(item);
  return definition.primary && isAbnormal(definition, a.value) !== isAbnormal(definition, b.value);
};

const ITEM_RANK = new Map(ITEM_IDS.map((id, i) => [id, i]));
const formOrder = (x: { site: string; item: ItemId }, y: { site: string; item: ItemId }): number =>
  (ITEM_RANK.get(x.item) ?? 0) - (ITEM_RANK.get(y.item) ?? 0) || siteRank(x.site) - siteRank(y.site);

/** The fields the rule sends to adjudication, in form order (items, then sites in anatomical order). */
export function disagreements(
  a: Reading,
  b: Reading,
  rule: AdjudicationRule = DEFAULT_ADJUDICATION_RULE,
): Disagreement[] {
  return pairs(a, b)
    .filter((p) => differs(rule, p.item, p.a, p.b))
    .map((p) => ({ site: p.site, item: p.item, a: p.a?.value ?? null, b: p.b?.value ?? null }))
    .sort(formOrder);
}

const moreAbnormal = (item: ItemId, x: Finding, y: Finding): Finding =>
  severityRank(readingItem(item), y.value) > severityRank(readingItem(item), x.value) ? y : x;

/**
 * Every field both reads share, with the more abnormal value where they differ. A digital artery's status and reach
 * come from the same read (the one with the more abnormal status, or the more proximal reach when the statuses are
 * equal), so the kept pair is one that a radiologist actually recorded.
 */
function mergeAgreed(a: Reading, b: Reading): Finding[] {
  const all = pairs(a, b);
  const statusSource = new Map<string, 'a' | 'b'>();
  for (const p of all)
    if (p.item === 'artery_status' && p.a && p.b && p.a.value !== p.b.value)
      statusSource.set(p.site, moreAbnormal(p.item, p.a, p.b) === p.a ? 'a' : 'b');
  return all.flatMap((p) => {
    const source = p.item === 'artery_reach' ? statusSource.get(p.site) : undefined;
    if (source) return p[source] ? [p[source]] : [];
    const kept = p.a && p.b ? moreAbnormal(p.item, p.a, p.b) : (p.a ?? p.b);
    return kept ? [{ site: kept.site, item: kept.item, value: kept.value }] : [];
  });
}

/** The reading two reads make when the rule finds nothing to adjudicate; throws if it does. */
export function agreedReading(
  a: Reading,
  b: Reading,
  rule: AdjudicationRule = DEFAULT_ADJUDICATION_RULE,
): Reading {
  const disputed = disagreements(a, b, rule);
  if (disputed.length > 0)
    throw invalid(
      `The two reads disagree on ${disputed.length} field(s) and need adjudication`,
      disputed.map((d) => ({
        path: findingKey(d.site, d.item),
        code: 'rule',
        message: 'the readers disagree',
      })),
    );
  return { findings: mergeAgreed(a, b), comments: '' };
}

/**
 * The adjudicator's consensus: a choice for every disputed field (and for no other), the agreed value everywhere
 * else. A digital artery the adjudicator calls not visible loses the reach carried over from the reads.
 */
export function consensusReading(
  a: Reading,
  b: Reading,
  choices: readonly AdjudicatorChoice[],
  options: { rule?: AdjudicationRule; comments?: string } = {},
): Reading {
  const disputed = disagreements(a, b, options.rule ?? DEFAULT_ADJUDICATION_RULE);
  const disputedKeys = new Set(disputed.map((d) => findingKey(d.site, d.item)));
  const chosen = indexFindings(choices);
  const issues = [
    ...disputed
      .filter((d) => !chosen.has(findingKey(d.site, d.item)))
      .map((d) => ({
        path: findingKey(d.site, d.item),
        code: 'required' as const,
        message: 'the readers disagree: the adjudicator must choose',
      })),
    ...choices
      .filter((c) => !disputedKeys.has(findingKey(c.site, c.item)))
      .map((c) => ({
        path: findingKey(c.site, c.item),
        code: 'not_allowed' as const,
        message: 'the readers agree here: nothing to adjudicate',
      })),
  ];
  if (issues.length > 0) throw invalid('The adjudication does not match the disagreements', issues);
  const carried = mergeAgreed(a, b).filter((f) => !disputedKeys.has(findingKey(f.site, f.item)));
  const merged = [...carried, ...choices.map(({ site, item, value }) => ({ site, item, value }))];
  const notVisible = new Set(
    merged.filter((f) => f.item === 'artery_status' && f.value === 'not_visible').map((f) => f.site),
  );
  const findings = merged.filter((f) => !(f.item === 'artery_reach' && notVisible.has(f.site)));
  const reading = { findings, comments: options.comments ?? '' };
  const invalidFields = validateFindings(reading);
  if (invalidFields.length > 0)
    throw invalid(
      'The consensus reading is not valid',
      // A consensus built from two valid reads breaks a rule of the findings only through their combination.
      invalidFields.map(({ path, message }) => ({ path, code: 'rule' as const, message })),
    );
  return reading;
}
