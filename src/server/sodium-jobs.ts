import type { FastifyInstance } from 'fastify';
import { dataDirOf, type Database } from '../db/connection.ts';
import { SodiumJobRunner } from '../services/sodium/jobs.ts';

declare module 'fastify' {
  interface FastifyInstance {
    manusSodiumJobs: SodiumJobRunner;
  }
}

/**
 * Gives the app its job runner: unfinished jobs of a previous process are failed when the app is ready, and closing
 * the app waits for the running job, so that it never writes to a closed database. Called once by buildApp.
 */
export function runSodiumJobs(app: FastifyInstance, db: Database, dataDir: string | undefined): void {
  const runner = new SodiumJobRunner(db, dataDir ?? dataDirOf(db));
  app.decorate('manusSodiumJobs', runner);
  app.addHook('onReady', async () => {
    await runner.recover();
  });
  app.addHook('onClose', () => runner.idle());
}
