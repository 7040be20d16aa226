/**
 * A draft autosave as the workstation sends it: only what changed since its last save. A reader changes one field
 * at a time, and sending the whole form (about 170 findings, 8 KB) on every autosave made reading, checking and
 * comparing the unchanged fields most of a save's cost. The server applies the patch to the stored draft and checks
 * the result as a whole, so a patch can never store what a whole draft could not.
 */
import {
  FieldIndex,
  findingKey,
  indexFindings,
  validateFindings,
  type Finding,
  type FindingIssue,
  type Reading,
  type ReadingScope,
  type UncheckedFinding,
} from './findings.ts';

/** A field of the form, without its value. */
export interface FieldRef {
  site: string;
  item: string;
}

export interface DraftPatch<F extends UncheckedFinding = Finding> {
  /** Values set: fields not recorded before, or recorded with another value. */
  findings: F[];
  /** Fields recorded before and now left empty. */
  cleared: FieldRef[];
  /** Present only when the comments changed. */
  comments?: string;
}

/** What turns the reading last saved into the latest one. */
export function draftPatch(saved: Reading, latest: Reading): DraftPatch {
  const before = indexFindings(saved.findings);
  const after = indexFindings(latest.findings);
  return {
    findings: latest.findings.filter((f) => before.get(findingKey(f.site, f.item))?.value !== f.value),
    cleared: saved.findings
      .filter((f) => !after.has(findingKey(f.site, f.item)))
      .map(({ site, item }) => ({ site, item })),
    ...(saved.comments === latest.comments ? {} : { comments: latest.comments }),
  };
}

export const isEmptyPatch = (patch: DraftPatch): boolean =>
  patch.findings.length === 0 && patch.cleared.length === 0 && patch.comments === undefined;

/**
 * The stored findings with the patch applied, checked as a whole draft. A changed field keeps its place and a new
 * one comes last, so that the audit trail's comparison of the two drafts is a single pass. Issues name the patch's
 * own fields (`findings.<i>`, `cleared.<i>`); a kept field that the patch makes invalid (the reach of an artery now
 * called not visible) is reported under `cleared`, since clearing it is the remedy.
 */
export function applyDraftPatch(
  stored: readonly Finding[],
  patch: DraftPatch<UncheckedFinding>,
  scope: ReadingScope,
): { findings: UncheckedFinding[]; issues: FindingIssue[] } {
  const positions = new FieldIndex<number>();
  stored.forEach((f, i) => positions.set(f.site, f.item, i));
  const merged: (UncheckedFinding | null)[] = [...stored];
  // For each merged field, the index of the patch finding that set it (undefined: kept from the stored draft).
  const setBy: (number | undefined)[] = [];
  const issues: FindingIssue[] = [];
  const cleared = new FieldIndex<true>();
  for (const ref of patch.cleared) cleared.set(ref.site, ref.item, true);
  const seen = new FieldIndex<true>();
  patch.findings.forEach((finding, i) => {
    const { site, item } = finding;
    const twice = seen.get(site, item) !== undefined;
    if (twice || cleared.get(site, item)) {
      issues.push({
        path: `findings.${i}`,
        code: 'duplicate',
        message: `${item} at ${site} is ${twice ? 'set more than once' : 'both set and cleared'}`,
      });
      return;
    }
    seen.set(site, item, true);
    const at = positions.get(site, item) ?? merged.length;
    merged[at] = finding;
    setBy[at] = i;
  });
  for (const { site, item } of patch.cleared) {
    const at = positions.get(site, item);
    if (at !== undefined && setBy[at] === undefined) merged[at] = null;
  }
  if (issues.length > 0) return { findings: [], issues };
  const kept: UncheckedFinding[] = [];
  const origin: (number | undefined)[] = [];
  merged.forEach((finding, at) => {
    if (finding === null) return;
    kept.push(finding);
    origin.push(setBy[at]);
  });
  const wholeIssues = validateFindings({ findings: kept }, scope).map((issue) => {
    const i = origin[Number(issue.path.slice('findings.'.length))];
    return { ...issue, path: i === undefined ? 'cleared' : `findings.${i}` };
  });
  return { findings: kept, issues: wholeIssues };
}
