/**
 * What the outcome analysis reads: one record per participant (arm, status, the study MRI with its final reading,
 * the clinical forms, the sodium results) plus the readers' paired reads for agreement. The loader
 * (src/services/analysis) builds it from the database; tests build it by hand. A final reading travels in compact
 * form — the values that differ from the item's normal, and the fields left empty — because a complete reading has
 * over 300 fields and the analysis must hold 20,000 of them.
 */
import type { Side } from '../anatomy/types.ts';
import { missingFindings, type Finding, type Reading } from '../reading/findings.ts';
import { readingItem, type FindingValue, type ItemId } from '../reading/items.ts';
import type { Arm, Hands } from '../study/protocol.ts';
import type { AdjustMethod } from './types.ts';

export interface CompactReading {
  /** Findings whose value is not the item's normal value (a lesion grade, an occluded artery, a limited series…). */
  abnormal: Finding[];
  /** Fields a complete reading needs that this one leaves empty. */
  unscored: { site: string; item: ItemId }[];
}

/** The compact form of a reading of the given hands and series. */
export function compactReading(
  reading: Reading,
  hands: Hands,
  seriesUids: readonly string[],
): CompactReading {
  return {
    abnormal: reading.findings.filter((f) => f.value !== readingItem(f.item).scale.normal),
    unscored: missingFindings(reading, { hands, seriesUids }),
  };
}

/** The value of a field: the abnormal value recorded, nothing when the field is empty, otherwise the normal value. */
export function compactValueReader(reading: CompactReading) {
  // By item, then by site: a lookup builds no key string (the vascular outcomes make about 300 per participant).
  const abnormal = new Map<ItemId, Map<string, FindingValue>>();
  for (const f of reading.abnormal) {
    let sites = abnormal.get(f.item);
    if (!sites) abnormal.set(f.item, (sites = new Map()));
    // The first of duplicates wins, as in indexFindings.
    if (!sites.has(f.site)) sites.set(f.site, f.value);
  }
  const unscored = new Map<ItemId, Set<string>>();
  for (const f of reading.unscored) {
    const sites = unscored.get(f.item);
    if (sites) sites.add(f.site);
    else unscored.set(f.item, new Set([f.site]));
  }
  return (site: string, item: ItemId): FindingValue | undefined => {
    const found = abnormal.get(item)?.get(site);
    if (found !== undefined) return found;
    return unscored.get(item)?.has(site) ? undefined : readingItem(item).scale.normal;
  };
}

export interface ExamInput {
  code: string;
  acquiredAt: string | null;
  /** `scheduled`, `acquired` or `complete`. */
  status: string;
  hands: Hands;
  /** The exam_reading status (`awaiting_reads`…`final`), null when no reading was started. */
  readingStatus: string | null;
  finalizedAt: string | null;
  final: CompactReading | null;
}

/** A form's latest record: its item values and, for scored instruments, the score. */
export interface LatestFormRecord {
  values: Record<string, unknown>;
  score: { total: number | null; [field: string]: unknown } | null;
}

export interface SodiumJointInput {
  /** The joint's ROI name without its side (`MCP2`, `radiocarpal`). */
  joint: string;
  side: Side | null;
  meanMmol: number;
}

export interface ParticipantInput {
  code: string;
  arm: Arm;
  status: string;
  /** The study MRI (the first acquired exam, else the first planned); null when none is recorded. */
  exam: ExamInput | null;
  /** Latest record per instrument id. */
  forms: Record<string, LatestFormRecord>;
  sodium: SodiumJointInput[];
}

export interface AnalysisInput {
  participants: ParticipantInput[];
  /** The first two submitted reads of each exam that has them, for inter-reader agreement. */
  readPairs: { a: Reading; b: Reading }[];
  readingDeadlineDays: number;
  synthetic: boolean;
}

export interface AnalysisOptions {
  adjust: AdjustMethod;
  confidenceLevel: number;
}

/** Where and when the analysis ran: supplied by the caller so that this module stays pure. */
export interface AnalysisEnvironment {
  snapshotSha256: string;
  softwareVersion: string;
  generatedAt: string;
}
