import { ManusError } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import type { ReadingExam } from '../../db/repositories/reading/exam-readings.ts';
import { generateHandExam, type HandExamSizes } from '../../imaging/demo/hand-exam.ts';
import type { HandLesion } from '../../imaging/demo/hand-model.ts';
import { runImport, type ImportSummary } from '../imaging/import.ts';
import type { SourceItem } from '../../imaging/import/sources.ts';

/**
 * A demo exam's synthetic images, imported like an upload: the generated files go through the import service
 * (de-identification, storage, records, audit) one at a time as they are made, so no exam is written to disk twice
 * or held in memory whole.
 */
export async function importDemoImages(
  db: Database,
  actor: Actor,
  options: {
    dataDir: string;
    exam: ReadingExam;
    seed: number;
    lesions: readonly HandLesion[];
    sizes?: HandExamSizes | undefined;
  },
): Promise<ImportSummary> {
  const { exam } = options;
  if (!exam.acquiredAt) throw new ManusError('invalid', `MRI exam ${exam.examCode} is not acquired`);
  const files = generateHandExam({
    examCode: exam.examCode,
    studyDate: exam.acquiredAt.slice(0, 10),
    seed: options.seed,
    lesions: options.lesions,
    ...(options.sizes ? { sizes: options.sizes } : {}),
  });
  async function* sources(): AsyncGenerator<SourceItem> {
    for (const file of files) yield { name: file.path, bytes: Buffer.concat(file.chunks) };
  }
  // On the calling thread: starting import workers for each small exam costs more than they save.
  const summary = await runImport(sources(), {
    db,
    actor,
    dataDir: options.dataDir,
    exam: exam.id,
    workers: 0,
  });
  if (summary.errors.length > 0 || summary.imported === 0)
    throw new ManusError(
      'invalid',
      `The demo images of ${exam.examCode} were not imported: ${summary.errors.map((e) => e.reason).join('; ')}`,
    );
  return summary;
}
