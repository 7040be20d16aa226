import type { FastifyInstance } from 'fastify';
import { dataDirOf, type Database } from '../db/connection.ts';
import { InProcessQueue, PgBossQueue } from '../services/jobs/queue.ts';
import {
  DEFAULT_SODIUM_TIME_LIMIT_MS,
  SodiumJobRunner,
  type SodiumJobPayload,
} from '../services/sodium/jobs.ts';

declare module 'fastify' {
  interface FastifyInstance {
    manusSodiumJobs: SodiumJobRunner;
  }
}

/**
 * Gives the app its job runner, on a pg-boss queue shared by every server on PostgreSQL or in this process on
 * SQLite. It starts when the app is ready, and closing the app waits for the running job, so that it never writes
 * to a closed database. Called once by buildApp.
 *
 * On PostgreSQL a job still active after twice the computation's time limit is taken for the job of a server that
 * died (reading the volumes and recording the result take far less than the computation), and retried.
 */
export function runSodiumJobs(
  app: FastifyInstance,
  db: Database,
  dataDir: string | undefined,
  timeLimitMs = DEFAULT_SODIUM_TIME_LIMIT_MS,
): void {
  const queue =
    db.engine === 'postgres'
      ? new PgBossQueue<SodiumJobPayload>(db, 'sodium-quantification', {
          expireInSeconds: Math.ceil((2 * timeLimitMs) / 1000),
        })
      : new InProcessQueue<SodiumJobPayload>();
  const runner = new SodiumJobRunner(db, dataDir ?? dataDirOf(db), queue, { timeLimitMs });
  app.decorate('manusSodiumJobs', runner);
  app.addHook('onReady', () => runner.start());
  app.addHook('onClose', () => runner.stop());
}
