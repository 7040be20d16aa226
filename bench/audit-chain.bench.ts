/**
 * Audit trail throughput. Reports the cost of appending and of verifying an event as a ratio against a reference
 * measured in the same run: hashing the same material with bare node:crypto, the floor no chain can beat.
 * Run: npx tsx bench/audit-chain.bench.ts [events]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendAudit, verifyAuditChain } from '../src/db/audit.ts';
import { openDatabase } from '../src/db/connection.ts';
import { withTransaction } from '../src/db/transaction.ts';

const events = Number(process.argv[2] ?? 5000);
const dir = mkdtempSync(join(tmpdir(), 'manus-bench-'));
const db = await openDatabase({ dataDir: dir });
const actor = { userId: 'u', username: 'bench', role: 'system' as const, requestId: 'bench' };
const payload = { arm: 'ssc', status: 'included', screeningDate: '2026-01-01', notes: 'x'.repeat(200) };

let start = performance.now();
const material = JSON.stringify(payload);
for (let i = 0; i < events; i++) createHash('sha256').update(`${i}${material}${material}`).digest('hex');
const referenceMs = performance.now() - start;

start = performance.now();
for (let i = 0; i < events; i++) {
  await withTransaction(db, (trx) =>
    appendAudit(trx, actor, {
      action: 'bench',
      entityType: 'bench',
      entityId: String(i),
      before: payload,
      after: payload,
    }),
  );
}
const appendMs = performance.now() - start;

start = performance.now();
const result = await verifyAuditChain(db.kysely);
const verifyMs = performance.now() - start;
await db.close();
rmSync(dir, { recursive: true, force: true });
if (!result.valid) throw new Error('chain invalid after the benchmark');

const perEvent = (ms: number) => `${((ms / events) * 1000).toFixed(1)} µs/event`;
process.stdout.write(
  `${JSON.stringify(
    {
      events,
      engine: db.engine,
      referenceSha256: perEvent(referenceMs),
      append: perEvent(appendMs),
      verify: perEvent(verifyMs),
      appendRatio: +(appendMs / referenceMs).toFixed(1),
      verifyRatio: +(verifyMs / referenceMs).toFixed(1),
    },
    null,
    2,
  )}\n`,
);
