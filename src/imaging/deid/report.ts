/**
 * What de-identification did, as counts per attribute keyword: never a value, so the report can go to the audit
 * trail. Reports of many files add up into one per import.
 */
export const DEID_ACTIONS = [
  'replaced',
  'removed',
  'emptied',
  'cleaned',
  'uidsRemapped',
  'datesShifted',
  'privateRemoved',
  'privateKept',
  'added',
] as const;
export type DeidAction = (typeof DEID_ACTIONS)[number];

export type DeidReport = Record<DeidAction, Record<string, number>> & {
  files: number;
  burnedInFlagged: number;
};

export function emptyReport(): DeidReport {
  return {
    files: 0,
    burnedInFlagged: 0,
    ...(Object.fromEntries(DEID_ACTIONS.map((a) => [a, {}])) as Record<DeidAction, Record<string, number>>),
  };
}

export function count(report: DeidReport, action: DeidAction, attribute: string, by = 1): void {
  report[action][attribute] = (report[action][attribute] ?? 0) + by;
}

export function mergeReport(into: DeidReport, from: DeidReport): DeidReport {
  into.files += from.files;
  into.burnedInFlagged += from.burnedInFlagged;
  for (const action of DEID_ACTIONS)
    for (const [k, n] of Object.entries(from[action])) count(into, action, k, n);
  return into;
}
