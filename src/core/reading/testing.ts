/** Readings for the reading module's tests: a complete normal reading of both hands, then the exceptions. */
import { bulkNormal, type Finding, type Reading } from './findings.ts';

export const SERIES = ['1.2.3.4'];

export function normalReading(): Reading {
  const empty: Reading = {
    findings: [{ site: `series:${SERIES[0]}`, item: 'image_quality', value: 'diagnostic' }],
    comments: '',
  };
  return bulkNormal(bulkNormal(empty, { side: 'R' }), { side: 'L' });
}

/** The reading with these findings' values replacing (or adding to) its own. */
export function withFindings(reading: Reading, changes: readonly Finding[]): Reading {
  const key = (f: Finding) => `${f.item}@${f.site}`;
  const changed = new Set(changes.map(key));
  return { ...reading, findings: [...reading.findings.filter((f) => !changed.has(key(f))), ...changes] };
}

export function without(reading: Reading, site: string, item: Finding['item']): Reading {
  return { ...reading, findings: reading.findings.filter((f) => !(f.site === site && f.item === item)) };
}
