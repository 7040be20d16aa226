/**
 * The pure analysis input (src/core/analysis/input.ts) from the rows the analysis reads: each final reading turned
 * into its compact form as it is parsed, so 20,000 complete readings never sit in memory at once. Pure, so that it
 * runs on the analysis worker thread (worker.ts): parsing the readings is most of the analysis's time.
 */
import type { Side } from '../../core/anatomy/types.ts';
import { compactReadingOfJson } from '../../core/analysis/compact-json.ts';
import type { AnalysisInput, ExamInput, LatestFormRecord } from '../../core/analysis/input.ts';
import type { Finding, Reading } from '../../core/reading/findings.ts';
import { isArm, isHands } from '../../core/study/protocol.ts';
import type { AnalysisSnapshot } from './load.ts';

const SODIUM_SIDES: Readonly<Record<string, Side>> = { Right: 'R', Left: 'L' };

/** A joint ROI name (`Right MCP2`) as joint and side; names without a side keep the whole name. */
function sodiumJoint(name: string): { joint: string; side: Side | null } {
  const match = /^(Right|Left) (.+)$/.exec(name);
  return match
    ? { joint: match[2] as string, side: SODIUM_SIDES[match[1] as string] as Side }
    : { joint: name, side: null };
}

const group = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
};

/** The exam the analysis uses: the first acquired one (exam codes are in order), else the first planned. */
const studyExam = <E extends { acquired_at: string | null }>(
  exams: readonly E[] | undefined,
): E | undefined => exams?.find((e) => e.acquired_at !== null) ?? exams?.[0];

/**
 * Every object is built with its keys in order, so that the snapshot hash (canonical JSON, keys sorted) copies
 * none of them.
 */
export function analysisInputOf({ rows, readingDeadlineDays, synthetic }: AnalysisSnapshot): AnalysisInput {
  const examsOf = group(rows.exams, (e) => e.participant_id);
  const readingOf = new Map(rows.readings.map((r) => [r.exam_id, r]));
  const formsOf = group(rows.forms, (f) => f.participant_id);
  const sodiumOf = group(rows.sodium, (s) => s.participant_id);
  const participants = rows.participants.map((p) => {
    if (!isArm(p.arm)) throw new Error(`Participant ${p.code} has an unknown arm ${p.arm}`);
    const exam = studyExam(examsOf.get(p.id));
    let examInput: ExamInput | null = null;
    if (exam) {
      const reading = readingOf.get(exam.id);
      const hands = exam.hands;
      if (!isHands(hands)) throw new Error(`Exam ${exam.exam_code} has an unknown hands value ${hands}`);
      const final =
        reading?.status === 'final' && reading.final_findings_json !== null
          ? compactReadingOfJson(reading.final_findings_json, hands)
          : null;
      examInput = {
        acquiredAt: exam.acquired_at,
        code: exam.exam_code,
        final,
        finalizedAt: reading?.finalized_at ?? null,
        hands,
        readingStatus: reading?.status ?? null,
        status: exam.status,
      };
    }
    const forms: Record<string, LatestFormRecord> = {};
    // Ordered by visit: a later visit's record of the same instrument replaces an earlier one.
    for (const f of formsOf.get(p.id) ?? [])
      forms[f.instrument_id] = {
        score: f.score_json === null ? null : (JSON.parse(f.score_json) as LatestFormRecord['score']),
        values: JSON.parse(f.values_json) as Record<string, unknown>,
      };
    return {
      arm: p.arm,
      code: p.code,
      exam: examInput,
      forms,
      sodium: (sodiumOf.get(p.id) ?? []).map((s) => {
        const { joint, side } = sodiumJoint(s.name);
        return { joint, meanMmol: s.mean_mmol, side };
      }),
      status: p.status,
    };
  });
  const readPairs: { a: Reading; b: Reading }[] = [];
  for (const reads of group(rows.reads, (r) => r.exam_id).values()) {
    const [a, b] = reads;
    if (a && b)
      readPairs.push({
        a: { comments: a.comments, findings: JSON.parse(a.findings_json) as Finding[] },
        b: { comments: b.comments, findings: JSON.parse(b.findings_json) as Finding[] },
      });
  }
  return {
    participants,
    readPairs,
    readingDeadlineDays,
    synthetic,
  };
}
