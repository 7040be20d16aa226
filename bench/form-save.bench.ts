/**
 * eCRF saves through the HTTP API on SQLite (issue 12 §7): 64 clients, each logged in with its own session and
 * saving its own form (PUT /api/participants/:code/forms/V0/demographics with the version it read), in a closed loop
 * (the server's full throughput) and then in an open loop at the target rate (the latency at 1,000 saves/s): see
 * bench/http-load.ts. Prints saves/s, p50/p99 and the server's processor time per save, and the ratio to the floor
 * measured in the same run: the same form row inserted with its audit event directly through the repositories'
 * transaction, no HTTP, no validation.
 * Targets: at least 1,000 saves/s, and p99 under 50 ms at that rate.
 * Run: npm run bench:form-save [-- seconds clients] (the shipped build, with npm start's V8 flags: tools/run-built.mjs)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../src/db/actor.ts';
import { appendAudit } from '../src/db/audit.ts';
import { openDatabase } from '../src/db/connection.ts';
import { createParticipant } from '../src/db/repositories/participants.ts';
import { createStudy } from '../src/db/repositories/study.ts';
import { createUser } from '../src/db/repositories/users.ts';
import { withTransaction } from '../src/db/transaction.ts';
import { buildApp } from '../src/server/app.ts';
import { runLoad, SAVE_TARGET, saveVerdict, timed } from './http-load.ts';

const seconds = Number(process.argv[2] ?? 10);
const clients = Number(process.argv[3] ?? 64);
const VALUES = { sex: 'female', birth_date: '1961-04-12', mri_date: '2026-01-20' };
const actor: Actor = { userId: null, username: 'bench', role: 'system', requestId: 'bench' };

const dir = mkdtempSync(join(tmpdir(), 'manus-form-bench-'));
const db = await openDatabase({ dataDir: dir, backgroundCheckpoints: true });
const codes: string[] = [];
await withTransaction(db, async (trx) => {
  await createStudy(trx, actor, { synthetic: false });
  await createUser(trx, actor, {
    username: 'bench-investigator',
    displayName: 'Bench Investigator',
    role: 'investigator',
    password: 'bench-investigator-password',
  });
  for (let i = 0; i < clients + 1; i++)
    codes.push((await createParticipant(trx, actor, { arm: 'ssc', screeningDate: '2026-01-20' })).code);
});

// The floor: the same row and its audit event, one transaction each, as fast as the engine goes.
const floorRows = 2000;
const participant = await db.kysely
  .selectFrom('participant')
  .select('id')
  .where('code', '=', codes[clients]!)
  .executeTakeFirstOrThrow();
const floor = await timed(async () => {
  for (let i = 0; i < floorRows; i++) {
    await withTransaction(db, async (trx) => {
      const id = randomUUID();
      const now = new Date().toISOString();
      await trx
        .insertInto('form_record')
        .values({
          id,
          participant_id: participant.id,
          visit_code: `B${i}`,
          instrument_id: 'demographics',
          definition_version: '1.0.0',
          status: 'in_progress',
          variant: null,
          values_json: JSON.stringify(VALUES),
          missing_json: '{}',
          warnings_json: '[]',
          score_json: null,
          verified_by: null,
          verified_at: null,
          signed_by: null,
          signed_by_name: null,
          signed_at: null,
          signature_meaning: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await appendAudit(trx, actor, {
        action: 'form.update',
        entityType: 'form',
        entityId: id,
        before: { status: 'in_progress', values: VALUES },
        after: { status: 'in_progress', values: VALUES },
      });
    });
  }
});
const floorPerSecond = floorRows / (floor.wallMs / 1000);
const floorCpuMsPerRow = floor.cpuMs / floorRows;

const app = await buildApp({
  db,
  webRoot: '/nonexistent',
  logger: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const load = await runLoad({
  base,
  seconds,
  rate: SAVE_TARGET.savesPerSecond,
  clients: codes.slice(0, clients).map((code) => ({
    username: 'bench-investigator',
    password: 'bench-investigator-password',
    url: `/api/participants/${code}/forms/V0/demographics`,
    bodies: [{ values: VALUES, status: 'in_progress' }],
    version: 0,
  })),
});
await app.close();
await db.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify(
    {
      clients,
      seconds,
      ...saveVerdict(load, { insertsPerSecond: floorPerSecond, cpuMsPerInsert: floorCpuMsPerRow }),
    },
    null,
    2,
  )}\n`,
);
