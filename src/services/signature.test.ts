import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../db/actor.ts';
import type { Database } from '../db/connection.ts';
import { createUser } from '../db/repositories/users.ts';
import { describeEachEngine } from '../db/testing/engines.ts';
import { testActor } from '../db/testing/fixtures.ts';
import { withTransaction } from '../db/transaction.ts';
import { requireSignaturePassword } from './signature.ts';

const PASSWORD = 'violet tractor mango';
const FAILURE = { action: 'form.sign_failed', reason: 'wrong password', message: 'Wrong password' };

describeEachEngine('e-signature password limit', (engine) => {
  let db: Database;
  let signer: Actor;
  beforeAll(async () => {
    db = await engine.open();
    const user = await withTransaction(db, (trx) =>
      createUser(trx, testActor, {
        username: 'signer',
        displayName: 'S',
        role: 'investigator',
        password: PASSWORD,
      }),
    );
    signer = { userId: user.id, username: 'signer', role: 'investigator', requestId: 'r' };
  });
  afterAll(() => db.close());

  const sign = (password: string) => requireSignaturePassword(db, signer, password, FAILURE);

  it('refuses even the right password once the signer reached the limit, until the lock ends', async () => {
    for (let i = 0; i < 5; i++) await expect(sign(`wrong ${i}`)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(sign(PASSWORD)).rejects.toMatchObject({
      kind: 'rate_limited',
      message: expect.stringMatching(/for a signature: try again in \d+ s/) as unknown,
    });
    const failures = await db.kysely
      .selectFrom('audit_event')
      .select('reason')
      .where('action', '=', FAILURE.action)
      .orderBy('seq')
      .execute();
    expect(failures).toHaveLength(5);
    expect(failures[4]!.reason).toContain('signing locked');
    await db.kysely
      .updateTable('auth_throttle')
      .set({ locked_until: new Date(Date.now() - 1).toISOString() })
      .where('key', '=', `signature:${signer.userId}`)
      .execute();
    await expect(sign(PASSWORD)).resolves.toBeUndefined();
    const row = await db.kysely
      .selectFrom('auth_throttle')
      .selectAll()
      .where('key', '=', `signature:${signer.userId}`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ failures: 0, locked_until: null });
    expect(Number(row.locks)).toBe(0);
  });
});
