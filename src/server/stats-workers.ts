import type { FastifyInstance } from 'fastify';
import { StatsPool } from '../services/stats/pool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    manusStats: StatsPool;
  }
}

/** Longest a statistical test may run for one request (the slowest accepted input takes a few seconds). */
export const DEFAULT_STATS_TIME_LIMIT_MS = 30_000;

/** Gives the app its statistics workers; closing the app ends them. Called once by buildApp. */
export function runStatsOnWorkers(app: FastifyInstance, timeLimitMs = DEFAULT_STATS_TIME_LIMIT_MS): void {
  const pool = new StatsPool({ timeLimitMs });
  app.decorate('manusStats', pool);
  app.addHook('onClose', () => pool.close());
}
