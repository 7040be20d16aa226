import type { Finding } from '../../core/reading/findings.ts';
import { readerAgreement, type ItemAgreement, type SiteAgreement } from '../../core/reading/agreement.ts';
import type { Database } from '../../db/connection.ts';
import { getReadingExam, listExamReadings } from '../../db/repositories/reading/exam-readings.ts';
import { listTasks } from '../../db/repositories/reading/tasks.ts';
import { listUsers } from '../../db/repositories/users.ts';
import { asReading, readsOf } from './compare.ts';

/**
 * The readings for analysis (issue 11 §9), for data managers only: it names participants. Each submitted read is a
 * `read`; the adjudicator's is a `consensus` carrying the whole consensus reading; agreeing reads make an `agreed`
 * record. Exactly one record per final exam has `final: true`: the reading the analysis uses.
 */
export interface ExportedReading {
  examCode: string;
  participant: string;
  kind: 'read' | 'consensus' | 'agreed';
  reader: string | null;
  status: string;
  final: boolean;
  acquiredAt: string | null;
  submittedAt: string | null;
  findings: Finding[];
}

export async function exportReadings(db: Database): Promise<ExportedReading[]> {
  const usernames = new Map((await listUsers(db.kysely)).map((u) => [u.id, u.username]));
  const out: ExportedReading[] = [];
  for (const examReading of await listExamReadings(db.kysely)) {
    const exam = await getReadingExam(db.kysely, { id: examReading.examId });
    const common = {
      examCode: exam.examCode,
      participant: exam.participantCode,
      acquiredAt: exam.acquiredAt,
    };
    for (const task of await listTasks(db.kysely, { examId: exam.id })) {
      if (task.status !== 'submitted') continue;
      const consensus = task.kind === 'adjudication';
      const isFinal = consensus && examReading.final?.kind === 'consensus';
      out.push({
        ...common,
        kind: consensus ? 'consensus' : 'read',
        reader: usernames.get(task.readerId) ?? task.readerId,
        status: isFinal ? examReading.status : task.status,
        final: isFinal,
        submittedAt: task.submittedAt,
        findings: isFinal && examReading.final ? [...examReading.final.findings] : [...task.findings],
      });
    }
    if (examReading.final?.kind === 'agreed')
      out.push({
        ...common,
        kind: 'agreed',
        reader: null,
        status: examReading.status,
        final: true,
        submittedAt: examReading.finalizedAt,
        findings: [...examReading.final.findings],
      });
  }
  return out;
}

/** Inter-reader agreement over every exam whose two reads are submitted. */
export async function readingAgreement(
  db: Database,
): Promise<{ items: ItemAgreement[]; sites: SiteAgreement[] }> {
  const pairs = [];
  for (const examReading of await listExamReadings(db.kysely)) {
    const reads = await readsOf(db.kysely, examReading.examId);
    if (reads.length === 2 && reads.every((t) => t.status === 'submitted'))
      pairs.push({ a: asReading(reads[0]!), b: asReading(reads[1]!) });
  }
  return readerAgreement(pairs);
}
