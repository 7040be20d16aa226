import { createHash, randomUUID } from 'node:crypto';
import type { Arm } from '../../core/study/protocol.ts';
import type { Actor } from '../../db/actor.ts';
import { dataDirOf, type Database } from '../../db/connection.ts';
import { seedDemo, type DemoAccount } from '../../db/demo/seed.ts';
import { listAcquiredExams } from '../../db/repositories/reading/exam-readings.ts';
import type { HandExamSizes } from '../../imaging/demo/hand-exam.ts';
import { importDemoImages } from './images.ts';
import { demoLesions, lesionFindings } from './lesions.ts';
import { plannedState, readDemoExam, readLate, type DemoReader } from './readings.ts';

/**
 * The whole synthetic demo: the study and its participants (src/db/demo/seed.ts), then for every acquired MRI exam
 * its synthetic images, imported like an upload, and its readings in every state, recorded by three demo
 * radiologists through the reading services. NOTHING HERE DESCRIBES A REAL PERSON.
 */

export interface DemoSeedOptions {
  now?: Date;
  /** Where images are stored (default: the database's data folder, as the server serves them). */
  dataDir?: string;
  /** Smaller images for tests; the default sizes are the demo's (src/imaging/demo/hand-series.ts). */
  imageSizes?: HandExamSizes;
}

export interface DemoSeedTimings {
  exams: number;
  participantsMs: number;
  /** Generating and importing every exam's images. */
  imagesMs: number;
  /** Everything, images and readings included (readings overlap the imports of later exams). */
  totalMs: number;
}

/** The participant's lesions and image noise come from a seed derived from its code, the same on every run. */
export function demoSeedOf(participantCode: string): number {
  return createHash('sha256').update(`manus-demo-${participantCode}`).digest().readUInt32BE(0);
}

/** The demo's exam lesions, by arm and participant code: what the images show and the readers record. */
export const demoExamLesions = (arm: Arm, participantCode: string) =>
  demoLesions(arm, demoSeedOf(participantCode));

async function userActor(db: Database, username: string, requestId: string): Promise<Actor> {
  const row = await db.kysely
    .selectFrom('app_user')
    .select(['id', 'role'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: row.id, username, role: row.role as Actor['role'], requestId };
}

export async function seedDemoStudy(
  db: Database,
  options: DemoSeedOptions = {},
): Promise<{ accounts: readonly DemoAccount[]; timings: DemoSeedTimings }> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const { accounts } = await seedDemo(db, now);
  const participantsMs = performance.now() - started;
  const requestId = `seed-${randomUUID()}`;
  const system: Actor = { userId: null, username: 'system:demo-seed', role: 'system', requestId };
  const manager = await userActor(db, 'datamanager', requestId);
  const radiologists: DemoReader[] = [];
  for (const account of accounts.filter((a) => a.role === 'radiologist'))
    radiologists.push({
      actor: await userActor(db, account.username, requestId),
      password: account.password,
    });
  const arms = new Map(
    (await db.kysely.selectFrom('participant').select(['code', 'arm']).execute()).map((p) => [
      p.code,
      p.arm as Arm,
    ]),
  );
  const dataDir = options.dataDir ?? dataDirOf(db);
  const exams = await listAcquiredExams(db.kysely);
  const readings: Promise<void>[] = [];
  let imagesMs = 0;
  for (const [index, exam] of exams.entries()) {
    const seed = demoSeedOf(exam.participantCode);
    const lesions = demoLesions(arms.get(exam.participantCode)!, seed);
    const importing = performance.now();
    await importDemoImages(db, system, { dataDir, exam, seed, lesions, sizes: options.imageSizes });
    imagesMs += performance.now() - importing;
    const reader = (offset: number) => radiologists[(index + offset) % radiologists.length]!;
    // Not awaited here: the readers' password checks (scrypt, off the main thread) overlap the next imports.
    const recency = exams.length - 1 - index;
    const reading = readDemoExam(db, {
      exam,
      state: plannedState(recency),
      truth: lesionFindings(lesions),
      seed,
      readers: [reader(0), reader(1), reader(2)],
      manager,
      now,
      late: readLate(recency),
    });
    reading.catch(() => undefined); // awaited with the others below; this only keeps it from counting as unhandled
    readings.push(reading);
  }
  await Promise.all(readings);
  return {
    accounts,
    timings: { exams: exams.length, participantsMs, imagesMs, totalMs: performance.now() - started },
  };
}
