/**
 * Articular sodium by arm: for each joint (left and right averaged within a participant, so each participant counts
 * once) and for each participant's mean over all measured joints — mean ± SD, median [IQR], Welch's t-test with the
 * difference of means and its interval, and Mann-Whitney.
 */
import { tTest } from '../stats/t-test.ts';
import type { Arm } from '../study/protocol.ts';
import type { ParticipantInput } from './input.ts';
import { mannWhitneyP, summarise } from './summaries.ts';
import type { SodiumRow } from './types.ts';
import { mannWhitney } from '../stats/mann-whitney.ts';

/** Rows with more values than this carry no points (the report draws a box plot only). */
export const SODIUM_POINTS_LIMIT = 500;

const meanOf = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function sodiumRow(joint: string, values: Record<Arm, number[]>, level: number): SodiumRow {
  let welch: SodiumRow['welch'] = null;
  if (values.ssc.length >= 2 && values.control.length >= 2) {
    try {
      const t = tTest({ x: values.ssc, y: values.control, level }, false);
      welch = { pValue: t.pValue, difference: t.meanX - t.meanY, ci: t.ci };
    } catch {
      // Constant data: the t statistic is undefined (R stops too); Mann-Whitney still applies.
      welch = null;
    }
  }
  const p = mannWhitneyP(values.ssc, values.control);
  return {
    joint,
    label:
      joint === 'all'
        ? { en: 'All joints (participant mean)', fr: 'Toutes articulations (moyenne par participant)' }
        : { en: joint, fr: joint },
    ssc: summarise(values.ssc),
    control: summarise(values.control),
    welch,
    mannWhitney:
      p === null ? null : { pValue: p, W: mannWhitney({ x: values.ssc, y: values.control }).statistic },
    points:
      values.ssc.length + values.control.length <= SODIUM_POINTS_LIMIT
        ? { ssc: values.ssc, control: values.control }
        : null,
  };
}

export function sodiumRows(analysed: readonly ParticipantInput[], level: number): SodiumRow[] {
  const joints: string[] = [];
  const perJoint = new Map<string, Record<Arm, number[]>>();
  const overall: Record<Arm, number[]> = { ssc: [], control: [] };
  for (const p of analysed) {
    if (p.sodium.length === 0) continue;
    const byJoint = new Map<string, number[]>();
    for (const s of p.sodium) {
      const list = byJoint.get(s.joint);
      if (list) list.push(s.meanMmol);
      else byJoint.set(s.joint, [s.meanMmol]);
    }
    for (const [joint, values] of byJoint) {
      let row = perJoint.get(joint);
      if (!row) {
        row = { ssc: [], control: [] };
        perJoint.set(joint, row);
        joints.push(joint);
      }
      row[p.arm].push(meanOf(values));
    }
    overall[p.arm].push(meanOf(p.sodium.map((s) => s.meanMmol)));
  }
  return [
    sodiumRow('all', overall, level),
    ...joints.map((joint) => sodiumRow(joint, perJoint.get(joint)!, level)),
  ];
}
