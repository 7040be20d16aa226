import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../../db/connection.ts';

/**
 * Where background jobs wait and who runs them. On SQLite (one server) an in-process chain runs them one at a time.
 * On PostgreSQL a pg-boss queue stored in the database hands each job to one worker of any server; a server that
 * dies mid-job leaves it active until it expires, when pg-boss retries it, and after the last retry moves it to a
 * dead-letter queue whose handler records the failure: a job is never lost. The payload is small and serialisable.
 */
export interface JobQueue<T extends object> {
  /** True when the jobs live in the database and any server may run them (the queue owns their recovery). */
  readonly shared: boolean;
  /** Starts running jobs: `run` for each attempt, `giveUp` once a job failed its last attempt in a dead server. */
  start(handlers: {
    run: (payload: T) => Promise<void>;
    giveUp: (payload: T) => Promise<void>;
  }): Promise<void>;
  enqueue(payload: T): Promise<void>;
  /** Stops taking jobs and waits for the one running here. */
  stop(): Promise<void>;
}

export class InProcessQueue<T extends object> implements JobQueue<T> {
  readonly shared = false;
  private chain: Promise<void> = Promise.resolve();
  private run: ((payload: T) => Promise<void>) | undefined;

  async start(handlers: { run: (payload: T) => Promise<void> }): Promise<void> {
    this.run = handlers.run;
  }

  async enqueue(payload: T): Promise<void> {
    const run = this.run;
    if (!run) throw new Error('The job queue is not started');
    // `run` records its own failures; the chain must go on whatever happens.
    this.chain = this.chain.then(() => run(payload)).catch(() => undefined);
  }

  stop(): Promise<void> {
    return this.chain;
  }
}

const RETRIES = 1;

/** pg-boss's own interval between its maintenance runs, which expire jobs: a dead server's job waits at most this. */
const MAINTENANCE_SECONDS = 120;

export interface PgBossQueueOptions {
  /**
   * How long a job may stay active before pg-boss takes it for the job of a dead server: longer than any server
   * takes to run one.
   */
  expireInSeconds: number;
}

export class PgBossQueue<T extends object> implements JobQueue<T> {
  readonly shared = true;
  private readonly boss: PgBoss;
  private readonly deadLetter: string;

  constructor(
    private readonly db: Database,
    private readonly name: string,
    private readonly options: PgBossQueueOptions,
  ) {
    this.deadLetter = `${name}-dead`;
    this.boss = new PgBoss({
      // Through Manus's own pool, so the queue lives in the same database (and schema, when one is set).
      db: {
        executeSql: async (text, values) => ({
          rows: [...(await db.kysely.executeQuery(CompiledQuery.raw(text, values))).rows],
        }),
      },
      schema: db.pgSchema ?? 'pgboss',
      schedule: false,
      // Maintenance finds the expired jobs: as often as they may expire, so that a retry never waits much longer.
      maintenanceIntervalSeconds: Math.min(MAINTENANCE_SECONDS, options.expireInSeconds),
    });
    this.boss.on('error', (error) => process.emitWarning(`Job queue: ${error.message}`, 'JobQueueWarning'));
  }

  async start(handlers: {
    run: (payload: T) => Promise<void>;
    giveUp: (payload: T) => Promise<void>;
  }): Promise<void> {
    // pg-boss checks whether its schema exists before it takes its own lock, so two servers starting together both
    // install it and the second fails half-way ("type job_state already exists"), leaving its pooled connection in
    // an aborted transaction. A session lock held on one connection of Manus's pool lets one server at a time
    // install and create the queues; the other then finds them.
    await this.db.kysely.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(hashtext('manus.job-queue.start'))`.execute(connection);
      try {
        await this.boss.start();
        await this.boss.createQueue(this.deadLetter);
        await this.boss.createQueue(this.name, {
          name: this.name,
          retryLimit: RETRIES,
          expireInSeconds: this.options.expireInSeconds,
          deadLetter: this.deadLetter,
        });
      } finally {
        await sql`select pg_advisory_unlock(hashtext('manus.job-queue.start'))`.execute(connection);
      }
    });
    const each = (handler: (payload: T) => Promise<void>) => async (jobs: PgBoss.Job<T>[]) => {
      for (const job of jobs) await handler(job.data);
    };
    await this.boss.work<T>(this.name, { pollingIntervalSeconds: 1 }, each(handlers.run));
    await this.boss.work<T>(this.deadLetter, { pollingIntervalSeconds: 5 }, each(handlers.giveUp));
  }

  async enqueue(payload: T): Promise<void> {
    // Set on each job as well: the queue keeps the settings of the server that created it first.
    await this.boss.send(this.name, payload, { expireInSeconds: this.options.expireInSeconds });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, close: false });
  }
}
