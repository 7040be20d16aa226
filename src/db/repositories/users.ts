import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { invalid, ManusError, notFound, type FieldIssue } from '../../core/errors.ts';
import {
  isLongEnoughPassword,
  isValidUsername,
  MIN_PASSWORD_LENGTH,
} from '../../core/security/account-rules.ts';
import { hashPassword } from '../../core/security/password.ts';
import {
  MAX_PASSWORD_SCORE,
  MIN_PASSWORD_SCORE,
  passwordStrength,
} from '../../core/security/password-strength.ts';
import type { Role } from '../../core/security/roles.ts';
import type { User } from '../../core/security/user.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { AppUserTable, DB } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso } from '../versioning.ts';

export function toUser(row: AppUserTable): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    active: row.active === 1,
    version: Number(row.version),
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export async function listUsers(db: Kysely<DB>): Promise<User[]> {
  const rows = await db.selectFrom('app_user').selectAll().orderBy('username', 'asc').execute();
  return rows.map(toUser);
}

export async function findUserRowByUsername(
  db: Kysely<DB>,
  username: string,
): Promise<AppUserTable | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

async function getUserById(db: Kysely<DB>, id: string): Promise<User> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`User ${id}`);
  return toUser(row);
}

/** Long enough, then hard enough to guess for this account (its username and display name count against it). */
async function passwordIssues(password: string, personal: readonly string[]): Promise<FieldIssue[]> {
  if (!isLongEnoughPassword(password))
    return [
      { path: 'password', code: 'too_short', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` },
    ];
  const strength = await passwordStrength(password, personal);
  if (strength.acceptable) return [];
  const advice = [strength.english.warning, ...strength.english.suggestions].filter(Boolean).join(' ');
  return [
    {
      path: 'password',
      code: 'too_weak',
      message: `too easy to guess (strength ${strength.score} of ${MAX_PASSWORD_SCORE}, at least ${MIN_PASSWORD_SCORE} needed)${advice ? `: ${advice}` : ''}`,
    },
  ];
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export async function createUser(trx: Tx, actor: Actor, input: NewUser): Promise<User> {
  const issues: FieldIssue[] = [
    ...(isValidUsername(input.username)
      ? []
      : [
          {
            path: 'username',
            code: 'pattern' as const,
            message: '1-63 characters: lower-case letters, digits, dot, underscore, hyphen',
          },
        ]),
    ...(await passwordIssues(input.password, [input.username, input.displayName])),
  ];
  if (issues.length) throw invalid('Invalid user account', issues);
  if (await findUserRowByUsername(trx, input.username)) {
    throw new ManusError('conflict', `User ${input.username} already exists`, [
      { path: 'username', code: 'not_unique', message: 'already taken' },
    ]);
  }
  const now = nowIso();
  const row: AppUserTable = {
    id: randomUUID(),
    username: input.username,
    display_name: input.displayName,
    role: input.role,
    password_hash: await hashPassword(input.password),
    active: 1,
    last_login_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('app_user').values(row).execute();
  const user = toUser(row);
  await appendAudit(trx, actor, {
    action: 'user.create',
    entityType: 'user',
    entityId: user.id,
    after: user,
  });
  return user;
}

export interface UserChanges {
  version: number;
  displayName?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
}

export async function updateUser(trx: Tx, actor: Actor, id: string, changes: UserChanges): Promise<User> {
  const before = await getUserById(trx, id);
  assertCurrentVersion(`User ${before.username}`, changes.version, before.version);
  const issues =
    changes.password === undefined
      ? []
      : await passwordIssues(changes.password, [before.username, changes.displayName ?? before.displayName]);
  if (issues.length) throw invalid('Invalid password', issues);
  if (actor.userId === id && (changes.active === false || (changes.role && changes.role !== before.role))) {
    throw invalid('You cannot deactivate yourself or change your own role', [
      {
        path: changes.active === false ? 'active' : 'role',
        code: 'not_allowed',
        message: 'ask another administrator',
      },
    ]);
  }
  const result = await trx
    .updateTable('app_user')
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
      ...(changes.password !== undefined ? { password_hash: await hashPassword(changes.password) } : {}),
      version: before.version + 1,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  assertUpdated(`User ${before.username}`, result, before.version);
  const after = await getUserById(trx, id);
  await appendAudit(trx, actor, {
    action: changes.password !== undefined ? 'user.update.password' : 'user.update',
    entityType: 'user',
    entityId: id,
    before,
    after,
  });
  if (changes.active === false || changes.password !== undefined || changes.role !== undefined) {
    await trx
      .updateTable('session')
      .set({ revoked_at: nowIso() })
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return after;
}
