import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from './connection.ts';
import { preparedQuery } from './prepared.ts';
import type { AppUserTable } from './schema.ts';
import { describeEachEngine } from './testing/engines.ts';

const insertUser = preparedQuery((db, row: AppUserTable) => db.insertInto('app_user').values(row));
const usersAfter = preparedQuery((db, { after }: { after: string }) =>
  db.selectFrom('app_user').select('username').where('username', '>', after).orderBy('username').limit(2),
);
const rename = preparedQuery((db, { id, displayName }: { id: string; displayName: string }) =>
  db.updateTable('app_user').set({ display_name: displayName }).where('id', '=', id).returningAll(),
);

const user = (n: number): AppUserTable => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  username: `reader${n}`,
  display_name: `Reader ${n}`,
  role: 'radiologist',
  password_hash: 'not a hash',
  active: 1,
  last_login_at: null,
  version: 1,
  created_at: '2026-12-06T00:00:00.000Z',
  updated_at: '2026-12-06T00:00:00.000Z',
});

describeEachEngine('prepared queries', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
  });
  afterEach(() => db.close());

  it('run with each call its own values, keeping the constants of the query (limit 2)', async () => {
    for (const n of [1, 2, 3, 4]) await insertUser(db.kysely, user(n));
    expect((await usersAfter(db.kysely, { after: 'reader0' })).rows).toEqual([
      { username: 'reader1' },
      { username: 'reader2' },
    ]);
    expect((await usersAfter(db.kysely, { after: 'reader2' })).rows).toEqual([
      { username: 'reader3' },
      { username: 'reader4' },
    ]);
    expect((await usersAfter(db.kysely, { after: 'reader4' })).rows).toEqual([]);
  });

  it('run inside a transaction, and return the updated row', async () => {
    await insertUser(db.kysely, user(1));
    await db.kysely.transaction().execute(async (trx) => {
      const { rows } = await rename(trx, { id: user(1).id, displayName: 'Dr Reader' });
      expect(rows).toMatchObject([{ username: 'reader1', display_name: 'Dr Reader' }]);
    });
    expect((await rename(db.kysely, { id: 'no such user', displayName: 'x' })).rows).toEqual([]);
  });

  it('refuse a value used in SQL text, and a call that leaves a value out', async () => {
    const byColumn = preparedQuery((kysely, { column }: { column: string }) =>
      kysely.selectFrom('app_user').select(sql.ref(column).as('value')),
    );
    await expect(byColumn(db.kysely, { column: 'username' })).rejects.toThrow(/value in its SQL text/);
    await expect(usersAfter(db.kysely, {} as { after: string })).rejects.toThrow(
      /not given its value "after"/,
    );
  });
});
