import type { FastifyInstance } from 'fastify';
import { AnalysisWorkers } from '../services/analysis/pool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    manusAnalysis: AnalysisWorkers;
  }
}

/** Longest one outcome analysis may take for a request (20,000 participants take well under a minute). */
export const DEFAULT_ANALYSIS_TIME_LIMIT_MS = 300_000;

/** Gives the app its analysis worker; closing the app ends it. Called once by buildApp. */
export function runAnalysisOnWorker(
  app: FastifyInstance,
  timeLimitMs = DEFAULT_ANALYSIS_TIME_LIMIT_MS,
): void {
  const workers = new AnalysisWorkers({ timeLimitMs });
  app.decorate('manusAnalysis', workers);
  app.addHook('onClose', () => workers.close());
}
