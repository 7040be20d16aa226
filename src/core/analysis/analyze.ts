/**
 * The outcome analysis of NCT04223817, from the analysis input to the result the CLI, the API and the report show.
 * Pure: the caller supplies the snapshot hash, the software version and the time (./input.ts).
 */
import { ARMS } from '../study/protocol.ts';
import { classifyParticipant } from './analysis-set.ts';
import type { AnalysisEnvironment, AnalysisInput, AnalysisOptions } from './input.ts';
import { PRIMARY_FAMILY, primaryRows } from './primary.ts';
import type { AnalysisResult, Provenance } from './types.ts';
import { baselineRows } from './baseline.ts';
import { correlationRows } from './correlations.ts';
import { readingQuality } from './reading-quality.ts';
import { sodiumRows } from './sodium.ts';
import { arterialOutcomes, venousOutcomes } from './vascular.ts';

export const DEFAULT_OPTIONS: AnalysisOptions = { adjust: 'holm', confidenceLevel: 0.95 };

export function analyze(
  input: AnalysisInput,
  environment: AnalysisEnvironment,
  options: AnalysisOptions = DEFAULT_OPTIONS,
): AnalysisResult {
  const participants = input.participants.map(classifyParticipant);
  const analysed = input.participants.filter((_, i) => participants[i]?.analysed);
  const excluded = participants.filter((p) => !p.analysed);
  const provenance: Provenance = {
    snapshotSha256: environment.snapshotSha256,
    softwareVersion: environment.softwareVersion,
    generatedAt: environment.generatedAt,
    synthetic: input.synthetic,
    parameters: {
      adjust: options.adjust,
      confidenceLevel: options.confidenceLevel,
      family: PRIMARY_FAMILY,
      lesionThreshold: 'a lesion is a grade at or above 1 on the item scale (RAMRIS, Glinatsi)',
      analysisSet:
        'included or completed participants whose study MRI has a final reading, complete for the primary items, with no non-diagnostic series',
    },
    counts: {
      participants: participants.length,
      analysed: Object.fromEntries(
        ARMS.map((arm) => [arm, analysed.filter((p) => p.arm === arm).length]),
      ) as Record<(typeof ARMS)[number], number>,
      excluded: excluded.length,
    },
    exclusions: excluded.map((p) => ({ code: p.code, reason: p.reason ?? 'not_included', detail: p.detail })),
  };
  const level = options.confidenceLevel;
  return {
    primary: primaryRows(analysed, options),
    secondary: {
      arterial: arterialOutcomes(analysed, level),
      venous: venousOutcomes(analysed, level),
      correlations: correlationRows(analysed, level),
      sodium: sodiumRows(analysed, level),
    },
    baseline: baselineRows(analysed, level),
    participants,
    readingQuality: readingQuality(input, environment.generatedAt, level),
    provenance,
  };
}
