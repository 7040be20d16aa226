import { createHash } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '../connection.ts';
import type { AppUserTable } from '../schema.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { auditEventCount, auditEventsAfter, expectAuditChainIntact, testActor } from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { openSession, resolveSession, revokeSession, SESSION_IDLE_MINUTES } from './sessions.ts';
import { createUser, findUserRowByUsername } from './users.ts';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describeEachEngine('session repository', (engine) => {
  let db: Database;
  let user: AppUserTable;
  beforeEach(async () => {
    db = await engine.open();
    await withTransaction(db, (trx) =>
      createUser(trx, testActor, {
        username: 'monitor',
        displayName: 'Monitor',
        role: 'monitor',
        password: 'a long enough password',
      }),
    );
    user = (await findUserRowByUsername(db.kysely, 'monitor'))!;
  });
  afterEach(() => db.close());

  const login = () => withTransaction(db, (trx) => openSession(trx, testActor, user));
  const sessionRow = (token: string) =>
    db.kysely
      .selectFrom('session')
      .selectAll()
      .where('id', '=', createHash('sha256').update(token).digest('hex'))
      .executeTakeFirstOrThrow();

  it('stores only a hash of the token, records the login and audits it', async () => {
    const mark = await auditEventCount(db);
    const opened = await login();
    const rows = await db.kysely.selectFrom('session').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(opened.token);
    expect(JSON.stringify(rows)).not.toContain(opened.token);
    expect(await resolveSession(db.kysely, opened.token)).toMatchObject({
      csrfToken: opened.csrfToken,
      user: { id: user.id, username: 'monitor' },
    });
    expect((await findUserRowByUsername(db.kysely, 'monitor'))!.last_login_at).not.toBeNull();
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'session.login', entityType: 'user', entityId: user.id },
    ]);
  });

  it('resolves no unknown token', async () => {
    await login();
    expect(await resolveSession(db.kysely, 'not-a-token')).toBeUndefined();
  });

  it('ends a session on logout, audited', async () => {
    const opened = await login();
    const { sessionId } = (await resolveSession(db.kysely, opened.token))!;
    const mark = await auditEventCount(db);
    await withTransaction(db, (trx) => revokeSession(trx, testActor, sessionId, user.id));
    expect(await resolveSession(db.kysely, opened.token)).toBeUndefined();
    expect(await auditEventsAfter(db, mark)).toMatchObject([{ action: 'session.logout', entityId: user.id }]);
    await expectAuditChainIntact(db);
  });

  it('ends a session past its maximum age or idle too long, and slides the idle timeout on use', async () => {
    const expired = await login();
    await db.kysely
      .updateTable('session')
      .set({ expires_at: minutesAgo(1) })
      .where('id', '=', (await sessionRow(expired.token)).id)
      .execute();
    expect(await resolveSession(db.kysely, expired.token)).toBeUndefined();

    const idle = await login();
    const idleId = (await sessionRow(idle.token)).id;
    await db.kysely
      .updateTable('session')
      .set({ last_seen_at: minutesAgo(SESSION_IDLE_MINUTES) })
      .where('id', '=', idleId)
      .execute();
    expect(await resolveSession(db.kysely, idle.token)).toBeUndefined();

    const used = await login();
    const usedId = (await sessionRow(used.token)).id;
    const lastSeen = minutesAgo(SESSION_IDLE_MINUTES - 1);
    await db.kysely.updateTable('session').set({ last_seen_at: lastSeen }).where('id', '=', usedId).execute();
    expect(await resolveSession(db.kysely, used.token)).toBeDefined();
    expect(Date.parse((await sessionRow(used.token)).last_seen_at)).toBeGreaterThan(Date.parse(lastSeen));
  });

  it('resolves no session of a deactivated account', async () => {
    const opened = await login();
    await db.kysely.updateTable('app_user').set({ active: 0 }).where('id', '=', user.id).execute();
    expect(await resolveSession(db.kysely, opened.token)).toBeUndefined();
  });
});
