import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Participant } from '../../core/study/records.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import {
  auditEventCount,
  auditEventsAfter,
  expectAuditChainIntact,
  openStudyDatabase,
  testActor,
} from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { readIdentity, writeIdentity, type IdentityInput } from './identity.ts';
import { createParticipant } from './participants.ts';

const DUPONT: Omit<IdentityInput, 'version'> = {
  familyName: 'Dupont',
  givenName: 'Jeanne',
  birthDate: '1970-05-14',
  hospitalRecordNumber: 'HRN-123456',
};

describeEachEngine('identity repository', (engine) => {
  let db: Database;
  let participant: Participant;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
    participant = await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' }),
    );
  });
  afterEach(() => db.close());

  const write = (input: IdentityInput, code = participant.code) =>
    withTransaction(db, (trx) => writeIdentity(trx, testActor, code, input));
  const read = () => withTransaction(db, (trx) => readIdentity(trx, testActor, participant.code));
  /** Nothing in the audit trail may copy an identity. */
  const expectTrailFreeOfIdentity = async () => {
    const trail = JSON.stringify(await auditEventsAfter(db, 0));
    for (const value of Object.values(DUPONT)) expect(trail).not.toContain(value);
  };

  it('creates the identity at version 0, auditing which fields were written but not their values', async () => {
    const mark = await auditEventCount(db);
    expect(await write({ version: 0, ...DUPONT })).toEqual({ ...DUPONT, version: 1 });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'identity.create',
        entityType: 'identity',
        entityId: participant.id,
        after: { fields: ['family_name', 'given_name', 'birth_date', 'hospital_record_number'] },
      },
    ]);
    await expectTrailFreeOfIdentity();
  });

  it('audits every read, without the values', async () => {
    await write({ version: 0, ...DUPONT });
    const mark = await auditEventCount(db);
    expect(await read()).toMatchObject(DUPONT);
    expect(await read()).toMatchObject(DUPONT);
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'identity.read', entityId: participant.id, before: null, after: null },
      { action: 'identity.read', entityId: participant.id, before: null, after: null },
    ]);
    await expectTrailFreeOfIdentity();
  });

  it('reports an identity not yet written as not found, auditing no read', async () => {
    const mark = await auditEventCount(db);
    await expect(read()).rejects.toMatchObject({ kind: 'not_found' });
    await expect(write({ version: 0, ...DUPONT }, 'P-9999')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await auditEventCount(db)).toBe(mark);
  });

  it('requires a reason to correct an identity, and audits the changed field names with it', async () => {
    await write({ version: 0, ...DUPONT });
    await expect(write({ version: 1, ...DUPONT, givenName: 'Jeanine' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'reason' }],
    });
    const mark = await auditEventCount(db);
    const corrected = await write({
      version: 1,
      ...DUPONT,
      givenName: 'Jeanine',
      reason: 'misspelt at screening',
    });
    expect(corrected).toMatchObject({ givenName: 'Jeanine', version: 2 });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'identity.update',
        after: { changedFields: ['given_name'] },
        reason: 'misspelt at screening',
      },
    ]);
    await expectTrailFreeOfIdentity();
    await expectAuditChainIntact(db);
  });

  it('rejects a stale version, on creation as on correction, and changes nothing', async () => {
    await expect(write({ version: 1, ...DUPONT })).rejects.toMatchObject({ kind: 'conflict' });
    await write({ version: 0, ...DUPONT });
    const mark = await auditEventCount(db);
    await expect(write({ version: 0, ...DUPONT, familyName: 'Durand', reason: 'x' })).rejects.toMatchObject({
      kind: 'conflict',
      fields: [{ path: 'version', message: 'expected 1' }],
    });
    expect(await auditEventCount(db)).toBe(mark);
    expect(await read()).toEqual({ ...DUPONT, version: 1 });
  });
});
