/**
 * Reading quality: how many final readings came within the protocol's deadline (the due time of
 * src/core/study/reading-deadline.ts, in the site's time zone), the distribution of the times from MRI to final
 * reading, and the agreement between the first two readers of each exam (src/core/reading/agreement.ts).
 */
import { readerAgreement } from '../reading/agreement.ts';
import { readingItem } from '../reading/items.ts';
import { readingDueAt } from '../study/reading-deadline.ts';
import { proportion } from './compare.ts';
import type { AnalysisInput } from './input.ts';
import { summarise } from './summaries.ts';
import type { ReadingQuality } from './types.ts';

const DAY_MS = 86_400_000;
/** Histogram bins: whole days 0…13, then one bin for 14 days and more. */
const LAST_BIN = 14;

/**
 * The deadline proportion counts, of the exams that were due by `now` or are final, those whose final reading
 * came by the due time; an exam still within its deadline is not yet a success or a failure.
 */
export function readingQuality(input: AnalysisInput, now: string, level: number): ReadingQuality {
  const rule = { readingDeadlineDays: input.readingDeadlineDays };
  const nowMs = Date.parse(now);
  let exams = 0;
  let final = 0;
  let assessed = 0;
  let onTime = 0;
  const days: number[] = [];
  for (const p of input.participants) {
    const exam = p.exam;
    if (!exam || exam.acquiredAt === null || exam.status === 'scheduled') continue;
    exams += 1;
    const due = Date.parse(readingDueAt(exam.acquiredAt, rule));
    const finalizedAt =
      exam.readingStatus === 'final' && exam.finalizedAt ? Date.parse(exam.finalizedAt) : null;
    if (finalizedAt !== null) {
      final += 1;
      days.push((finalizedAt - Date.parse(exam.acquiredAt)) / DAY_MS);
    }
    if (finalizedAt !== null || due < nowMs) {
      assessed += 1;
      if (finalizedAt !== null && finalizedAt <= due) onTime += 1;
    }
  }
  const histogram = Array.from({ length: LAST_BIN + 1 }, (_, day) => ({ days: day, count: 0 }));
  for (const d of days) histogram[Math.min(LAST_BIN, Math.max(0, Math.floor(d)))]!.count += 1;
  return {
    exams,
    final,
    finalWithinDeadline: proportion(onTime, assessed, level),
    deadlineDays: input.readingDeadlineDays,
    daysToFinal: summarise(days),
    daysToFinalHistogram: histogram,
    agreement: readerAgreement(input.readPairs).items.map((a) => ({
      item: a.item,
      label: readingItem(a.item).label,
      weighting: a.weighting,
      pairs: a.pairs,
      kappa: a.kappa,
    })),
  };
}
