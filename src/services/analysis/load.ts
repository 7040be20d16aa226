/**
 * What the outcome analysis reads from the database: the rows of each table read once
 * (src/db/repositories/analysis-snapshot.ts) and the study's parameters. Turned into the analysis input by
 * input-of-rows.ts, on the analysis worker when the server runs it.
 */
import type { Database } from '../../db/connection.ts';
import { readAnalysisRows, type AnalysisRows } from '../../db/repositories/analysis-snapshot.ts';
import { getStudy } from '../../db/repositories/study.ts';

export interface AnalysisSnapshot {
  rows: AnalysisRows;
  readingDeadlineDays: number;
  synthetic: boolean;
}

export async function loadAnalysisSnapshot(db: Database): Promise<AnalysisSnapshot> {
  const study = await getStudy(db.kysely);
  const rows = await readAnalysisRows(db.kysely);
  return { rows, readingDeadlineDays: study.protocol.readingDeadlineDays, synthetic: study.synthetic };
}
