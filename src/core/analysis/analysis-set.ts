/**
 * The analysis set: included or completed participants whose study MRI has a final, complete reading of diagnostic
 * images. Everyone else is kept in the list with the first reason that excludes them, so the report can account
 * for every participant.
 */
import { readingItem, type ItemId } from '../reading/items.ts';
import { SERIES_PREFIX } from '../reading/sites.ts';
import type { ParticipantInput } from './input.ts';
import { PRIMARY_ABNORMALITIES, type ParticipantOutcome } from './types.ts';

const ANALYSABLE_STATUSES = new Set(['included', 'completed']);
const PRIMARY = new Set<string>(PRIMARY_ABNORMALITIES);

export function classifyParticipant(p: ParticipantInput): ParticipantOutcome {
  const excluded = (reason: ParticipantOutcome['reason'], detail: string | null): ParticipantOutcome => ({
    code: p.code,
    arm: p.arm,
    analysed: false,
    reason,
    detail,
  });
  if (p.status === 'withdrawn') return excluded('withdrawn', null);
  if (!ANALYSABLE_STATUSES.has(p.status)) return excluded('not_included', `status ${p.status}`);
  const exam = p.exam;
  if (!exam || exam.acquiredAt === null || exam.status === 'scheduled')
    return excluded('no_mri', exam ? `exam ${exam.code} not acquired` : null);
  if (!exam.final)
    return excluded('no_final_reading', `exam ${exam.code}: reading ${exam.readingStatus ?? 'not started'}`);
  const nonDiagnostic = exam.final.abnormal.filter(
    (f) => f.item === 'image_quality' && f.value === 'non_diagnostic',
  );
  if (nonDiagnostic.length > 0)
    return excluded(
      'non_diagnostic_images',
      `exam ${exam.code}: ${nonDiagnostic.map((f) => f.site.slice(SERIES_PREFIX.length)).join(', ')}`,
    );
  const empty = new Map<ItemId, number>();
  for (const f of exam.final.unscored)
    if (PRIMARY.has(f.item)) empty.set(f.item, (empty.get(f.item) ?? 0) + 1);
  if (empty.size > 0)
    return excluded(
      'incomplete_reading',
      `exam ${exam.code}: ${[...empty].map(([item, n]) => `${readingItem(item).label.en} ${n} site(s) empty`).join('; ')}`,
    );
  return { code: p.code, arm: p.arm, analysed: true, reason: null, detail: null };
}
