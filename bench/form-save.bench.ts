/**
 * Throughput of eCRF saves through the HTTP API on SQLite: 64 clients, each logged in with its own session and
 * saving its own form (PUT /api/participants/:code/forms/V0/demographics with the version it read) as fast
 * as the server answers. The clients run in a child process, so this process carries only the server and its
 * processor time is the server's. Prints saves/s, the p50/p99 latency and the server's processor time per save,
 * and the ratio to the floor measured in the same run: the same form row inserted with its audit event directly
 * through the repositories' transaction, no HTTP, no validation.
 * Targets: at least 1,000 saves/s and p99 under 50 ms.
 * Run: npx tsx bench/form-save.bench.ts [seconds] [clients]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../src/db/actor.ts';
import { appendAudit } from '../src/db/audit.ts';
import { openDatabase } from '../src/db/connection.ts';
import { createParticipant } from '../src/db/repositories/participants.ts';
import { createStudy } from '../src/db/repositories/study.ts';
import { createUser } from '../src/db/repositories/users.ts';
import { withTransaction } from '../src/db/transaction.ts';
import { buildApp } from '../src/server/app.ts';

const seconds = Number(process.argv[2] ?? 10);
const clients = Number(process.argv[3] ?? 64);
const VALUES = { sex: 'female', birth_date: '1961-04-12', mri_date: '2026-01-20' };
const actor: Actor = { userId: null, username: 'bench', role: 'system', requestId: 'bench' };

const dir = mkdtempSync(join(tmpdir(), 'manus-form-bench-'));
const db = await openDatabase({ dataDir: dir });
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
const start = performance.now();
const floorCpu = process.cpuUsage();
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
const floorPerSecond = floorRows / ((performance.now() - start) / 1000);
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const floorCpuMsPerRow = cpuMs(floorCpu) / floorRows;

const app = await buildApp({
  db,
  webRoot: '/nonexistent',
  logger: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

/** The load clients: log in, then save their own form in a loop until the time is up; latencies in ms. */
const clientScript = `
const { base, codes, seconds, values } = JSON.parse(process.argv[1]);
async function login(code) {
  const response = await fetch(base + '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-investigator', password: 'bench-investigator-password' }),
  });
  if (response.status !== 200) throw new Error('login ' + response.status + ' ' + (await response.text()));
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = await response.json();
  return { code, cookie, csrfToken };
}
/** Saves the client's form at the version it holds; returns the new version. */
async function save({ code, cookie, csrfToken }, version) {
  const response = await fetch(base + '/api/participants/' + code + '/forms/V0/demographics', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ version, values, status: 'in_progress' }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error('save ' + response.status + ' ' + JSON.stringify(body));
  return body.version;
}
async function saveUntil(end, session, version) {
  const latencies = [];
  while (performance.now() < end) {
    const t0 = performance.now();
    version = await save(session, version);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}
(async () => {
  // Every client logs in first (password hashing is not what is measured) and creates its form, so that the timed
  // run starts on open connections (a server busy answering saves accepts new ones slowly). Then all save from the
  // same instant.
  const sessions = await Promise.all(codes.map(login));
  const versions = await Promise.all(sessions.map((session) => save(session, 0)));
  process.stdout.write('started\\n');
  const started = performance.now();
  const latencies = await Promise.all(
    sessions.map((session, i) => saveUntil(started + seconds * 1000, session, versions[i])),
  );
  process.stdout.write(JSON.stringify({ latencies, elapsed: performance.now() - started }) + '\\n');
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
`;
const child = spawn(
  process.execPath,
  ['-e', clientScript, JSON.stringify({ base, codes: codes.slice(0, clients), seconds, values: VALUES })],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let output = '';
let loadCpu = process.cpuUsage();
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk: string) => {
  // The server's processor time is counted from the moment the clients have logged in and start saving.
  if (!output.includes('started\n') && (output + chunk).includes('started\n')) loadCpu = process.cpuUsage();
  output += chunk;
});
const exitCode = await new Promise<number | null>((resolve, reject) => {
  child.on('error', reject);
  child.on('close', resolve);
});
const serverCpuMs = cpuMs(loadCpu);
if (exitCode !== 0) throw new Error(`the load clients exited with ${exitCode}`);
const result = JSON.parse(output.slice(output.indexOf('started\n') + 'started\n'.length)) as {
  latencies: number[][];
  elapsed: number;
};
await app.close();
await db.close();
rmSync(dir, { recursive: true, force: true });

const latencies = result.latencies.flat().sort((a, b) => a - b);
const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
const savesPerSecond = latencies.length / (result.elapsed / 1000);
process.stdout.write(
  `${JSON.stringify(
    {
      clients,
      seconds,
      saves: latencies.length,
      savesPerSecond: Math.round(savesPerSecond),
      p50Ms: +quantile(0.5).toFixed(1),
      p99Ms: +quantile(0.99).toFixed(1),
      serverCpuMsPerSave: +(serverCpuMs / latencies.length).toFixed(3),
      floorInsertsPerSecond: Math.round(floorPerSecond),
      floorCpuMsPerInsert: +floorCpuMsPerRow.toFixed(3),
      ratioToFloor: +(savesPerSecond / floorPerSecond).toFixed(2),
      cpuRatioToFloor: +(serverCpuMs / latencies.length / floorCpuMsPerRow).toFixed(1),
      targets: { savesPerSecond: 1000, p99Ms: 50 },
    },
    null,
    2,
  )}\n`,
);
