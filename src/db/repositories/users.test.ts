import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyPassword } from '../../core/security/password.ts';
import type { Actor } from '../actor.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { auditEventCount, auditEventsAfter, expectAuditChainIntact, testActor } from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { openSession, resolveSession } from './sessions.ts';
import { createUser, findUserRowByUsername, listUsers, updateUser, type NewUser } from './users.ts';

const PASSWORD = 'correct horse battery';

describeEachEngine('user repository', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
  });
  afterEach(() => db.close());

  const create = (input: Partial<NewUser> = {}) =>
    withTransaction(db, (trx) =>
      createUser(trx, testActor, {
        username: 'inv.martin',
        displayName: 'Dr Martin',
        role: 'investigator',
        password: PASSWORD,
        ...input,
      }),
    );
  const loginAs = async (username: string) => {
    const row = (await findUserRowByUsername(db.kysely, username))!;
    return withTransaction(db, (trx) => openSession(trx, testActor, row));
  };

  it('creates an account with a hashed password and audits it without the hash', async () => {
    const user = await create();
    expect(user).toMatchObject({ username: 'inv.martin', role: 'investigator', active: true, version: 1 });
    const row = (await findUserRowByUsername(db.kysely, 'inv.martin'))!;
    expect(row.password_hash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
    const [event] = await auditEventsAfter(db, 0);
    expect(event).toMatchObject({
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      after: user,
    });
    expect(JSON.stringify(event)).not.toContain(row.password_hash);
  });

  it('refuses a malformed username and a short password together, creating nothing', async () => {
    await expect(create({ username: 'Bad Name', password: 'short' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [
        { path: 'username', message: expect.stringContaining('lower-case letters') as unknown },
        { path: 'password', message: 'must be at least 12 characters' },
      ],
    });
    expect(await listUsers(db.kysely)).toEqual([]);
    expect(await auditEventCount(db)).toBe(0);
  });

  it('refuses a username that is already taken as a conflict', async () => {
    await create();
    await expect(create({ displayName: 'Someone else' })).rejects.toMatchObject({
      kind: 'conflict',
      fields: [{ path: 'username', message: 'already taken' }],
    });
    expect(await listUsers(db.kysely)).toHaveLength(1);
  });

  it('updates an account with before and after in the audit, keeping its sessions for a new name', async () => {
    const user = await create();
    const session = await loginAs(user.username);
    const mark = await auditEventCount(db);
    const after = await withTransaction(db, (trx) =>
      updateUser(trx, testActor, user.id, { version: 1, displayName: 'Pr Martin' }),
    );
    expect(after).toMatchObject({ displayName: 'Pr Martin', version: 2 });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'user.update',
        entityId: user.id,
        before: { displayName: 'Dr Martin', version: 1 },
        after: { displayName: 'Pr Martin', version: 2 },
      },
    ]);
    expect(await resolveSession(db.kysely, session.token)).toBeDefined();
  });

  it('revokes every session of an account whose password, role or activity changes', async () => {
    const user = await create();
    let version = user.version;
    for (const change of [
      { password: 'another long passphrase' },
      { role: 'monitor' as const },
      { active: false },
    ]) {
      const session = await loginAs(user.username);
      version = (
        await withTransaction(db, (trx) => updateUser(trx, testActor, user.id, { version, ...change }))
      ).version;
      expect(await resolveSession(db.kysely, session.token)).toBeUndefined();
    }
    const actions = (await auditEventsAfter(db, 0)).map((e) => e.action).filter((a) => a.startsWith('user.'));
    expect(actions).toEqual(['user.create', 'user.update.password', 'user.update', 'user.update']);
    const row = (await findUserRowByUsername(db.kysely, user.username))!;
    expect(await verifyPassword('another long passphrase', row.password_hash)).toBe(true);
  });

  it('rejects a stale version and changes nothing, audit included', async () => {
    const user = await create();
    await withTransaction(db, (trx) => updateUser(trx, testActor, user.id, { version: 1, displayName: 'A' }));
    const mark = await auditEventCount(db);
    await expect(
      withTransaction(db, (trx) => updateUser(trx, testActor, user.id, { version: 1, role: 'admin' })),
    ).rejects.toMatchObject({ kind: 'conflict', fields: [{ path: 'version', message: 'expected 2' }] });
    expect((await listUsers(db.kysely))[0]).toMatchObject({
      role: 'investigator',
      displayName: 'A',
      version: 2,
    });
    expect(await auditEventCount(db)).toBe(mark);
  });

  it('refuses a short new password', async () => {
    const user = await create();
    await expect(
      withTransaction(db, (trx) => updateUser(trx, testActor, user.id, { version: 1, password: 'short' })),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'password' }] });
    const row = (await findUserRowByUsername(db.kysely, user.username))!;
    expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
  });

  it('refuses a common password, or one built on the account name, on creation and on change', async () => {
    await expect(create({ password: 'Password1234!' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [
        { path: 'password', code: 'too_weak', message: expect.stringContaining('at least 3') as unknown },
      ],
    });
    expect(await listUsers(db.kysely)).toEqual([]);
    const user = await create();
    await expect(
      withTransaction(db, (trx) =>
        updateUser(trx, testActor, user.id, { version: 1, password: 'inv.martin1984' }),
      ),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'password', code: 'too_weak' }] });
    const row = (await findUserRowByUsername(db.kysely, user.username))!;
    expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
  });

  it('lets no administrator deactivate themself or change their own role', async () => {
    const admin = await create({ username: 'admin', role: 'admin' });
    const self: Actor = { userId: admin.id, username: 'admin', role: 'admin', requestId: 'r' };
    await expect(
      withTransaction(db, (trx) => updateUser(trx, self, admin.id, { version: 1, active: false })),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'active' }] });
    await expect(
      withTransaction(db, (trx) => updateUser(trx, self, admin.id, { version: 1, role: 'monitor' })),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'role' }] });
    const renamed = await withTransaction(db, (trx) =>
      updateUser(trx, self, admin.id, { version: 1, displayName: 'Head admin', role: 'admin' }),
    );
    expect(renamed).toMatchObject({ displayName: 'Head admin', role: 'admin', active: true });
    await expectAuditChainIntact(db);
  });

  it('reports an unknown account as not found', async () => {
    await expect(
      withTransaction(db, (trx) => updateUser(trx, testActor, 'no-such-id', { version: 1 })),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });
});
