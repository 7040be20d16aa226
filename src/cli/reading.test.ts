import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkNormal, type Finding } from '../core/reading/findings.ts';
import { NCT04223817 } from '../core/study/protocol.ts';
import type { Actor } from '../db/actor.ts';
import { openDatabase } from '../db/connection.ts';
import { addExam } from '../db/repositories/clinical-records.ts';
import { createParticipant } from '../db/repositories/participants.ts';
import { ensureStudy } from '../db/repositories/study.ts';
import { createUser } from '../db/repositories/users.ts';
import { testActor } from '../db/testing/fixtures.ts';
import { withTransaction } from '../db/transaction.ts';
import { assignReading } from '../services/reading/assign.ts';
import { saveDraft } from '../services/reading/draft.ts';
import { submitRead } from '../services/reading/submit.ts';
import { worklist } from '../services/reading/views.ts';

const BIN = resolve(import.meta.dirname, '../../bin/manus.js');
const PASSWORD = 'reader password 7T';

function manus(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MANUS_DATA_DIR: '', DATABASE_URL: '' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `manus reading export` and `manus reading agreement` on a study with one exam read twice in agreement. */
describe('manus reading', () => {
  let dataDir: string;
  let participant: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'manus-reading-cli-'));
    const db = await openDatabase({ dataDir });
    try {
      await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: true }));
      participant = (
        await withTransaction(db, (trx) =>
          createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' }),
        )
      ).code;
      const exam = await withTransaction(db, (trx) =>
        addExam(trx, testActor, participant, NCT04223817, {
          acquiredAt: '2026-03-01T09:30:00.000Z',
          hands: 'right',
          scanner: '7T',
          notes: '',
        }),
      );
      const readers: Actor[] = [];
      for (const username of ['ana', 'ben']) {
        const user = await withTransaction(db, (trx) =>
          createUser(trx, testActor, {
            username,
            role: 'radiologist',
            displayName: username,
            password: PASSWORD,
          }),
        );
        readers.push({ userId: user.id, username, role: 'radiologist', requestId: 'cli-test' });
      }
      await assignReading(db, testActor, exam.examCode, {
        readers: [readers[0]!.userId!, readers[1]!.userId!],
      });
      const findings: Finding[] = [...bulkNormal({ findings: [], comments: '' }, { side: 'R' }).findings];
      for (const reader of readers) {
        const [task] = await worklist(db, reader, false);
        const saved = await saveDraft(db, reader, task!.taskId, { version: 1, findings, comments: '' });
        await submitRead(db, reader, task!.taskId, { version: saved.version, password: PASSWORD });
      }
    } finally {
      await db.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exports each read and the agreed final reading, exactly one final record per exam', () => {
    const result = manus(['reading', 'export', '--json', '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    const records = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(records.map((r) => [r.kind, r.reader, r.final])).toEqual([
      ['read', 'ana', false],
      ['read', 'ben', false],
      ['agreed', null, true],
    ]);
    for (const r of records) {
      expect(Object.keys(r).sort()).toEqual(
        [
          'acquiredAt',
          'examCode',
          'final',
          'findings',
          'kind',
          'participant',
          'reader',
          'status',
          'submittedAt',
        ].sort(),
      );
      expect(r.participant).toBe(participant);
      expect((r.findings as Finding[])[0]).toEqual({
        site: expect.any(String),
        item: expect.any(String),
        value: expect.anything(),
      });
    }
    expect(records[2]!.status).toBe('final');
  });

  it('prints the agreement per item with its weighting, pairs, percentage and kappa', () => {
    const result = manus(['reading', 'agreement', '--json', '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    const { items } = JSON.parse(result.stdout) as { items: Record<string, unknown>[] };
    expect(Object.keys(items[0]!).sort()).toEqual([
      'item',
      'kappa',
      'pairs',
      'percentAgreement',
      'weighting',
    ]);
    // One hand, 19 joints scored alike by both readers: full agreement, kappa undefined (one category).
    expect(items.find((i) => i.item === 'synovitis')).toEqual({
      item: 'synovitis',
      weighting: 'quadratic',
      pairs: 19,
      percentAgreement: 100,
      kappa: null,
    });
    const human = manus(['reading', 'agreement', '--data-dir', dataDir]);
    expect(human.stdout).toContain('synovitis\tquadratic\t19 pairs\t100.0%\tkappa -');
  });
});
