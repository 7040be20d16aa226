import { afterEach, beforeEach, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
import type { Participant } from '../../core/study/records.ts';
import type { Actor } from '../actor.ts';
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
import {
  findForm,
  saveForm,
  signForm,
  unlockForm,
  verifyForm,
  type FormKey,
  type FormSave,
} from './forms.ts';
import { createParticipant } from './participants.ts';

const protocol = NCT04223817;
const monitor: Actor = { userId: 'u-mon', username: 'monitor', role: 'monitor', requestId: 'r-mon' };
const investigator = {
  userId: 'u-inv',
  username: 'inv',
  role: 'investigator' as const,
  requestId: 'r-inv',
  displayName: 'Dr Investigator',
};

describeEachEngine('form repository', (engine) => {
  let db: Database;
  let participant: Participant;
  let bmi: FormKey;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
    participant = await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' }),
    );
    bmi = { participantCode: participant.code, visitCode: 'V1', instrumentId: 'bmi' };
  });
  afterEach(() => db.close());

  const save = (input: FormSave, key: FormKey = bmi) =>
    withTransaction(db, (trx) => saveForm(trx, testActor, protocol, key, input));
  const stored = async (key: FormKey = bmi) => (await findForm(db.kysely, protocol, key)).record;
  const completeBmi = () =>
    save({ version: 0, values: { weight_kg: 64, height_cm: 160 }, status: 'complete' });

  it('scores a new form on save and audits it with the form it belongs to', async () => {
    const mark = await auditEventCount(db);
    const record = await completeBmi();
    expect(record).toMatchObject({
      status: 'complete',
      definitionVersion: '1.0.0',
      values: { weight_kg: 64, height_cm: 160 },
      score: { total: 25, interpretation: 'pre_obese' },
      version: 1,
    });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'form.create',
        entityType: 'form',
        entityId: record.id,
        before: null,
        after: {
          status: 'complete',
          total: 25,
          participantCode: participant.code,
          visit: 'V1',
          instrument: 'bmi',
        },
      },
    ]);
  });

  it('refuses a form that is not on the participant’s schedule', async () => {
    const notForSsc = { ...bmi, visitCode: 'V0', instrumentId: 'eligibility-control' };
    await expect(save({ version: 0, values: {}, status: 'in_progress' }, notForSsc)).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining('not on the ssc schedule') as unknown,
    });
    await expect(
      save({ version: 0, values: {}, status: 'in_progress' }, { ...bmi, visitCode: 'V0' }),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('refuses a disallowed value, saving nothing, and keeps a merely unusual one as a warning', async () => {
    await expect(
      save({ version: 0, values: { weight_kg: -3 }, status: 'in_progress' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'values.weight_kg' }],
    });
    expect(await stored()).toBeNull();
    const unusual = await save({ version: 0, values: { weight_kg: 250 }, status: 'in_progress' });
    expect(unusual.warnings).toEqual([
      { path: 'weight_kg', code: 'unusual_value', message: expect.stringContaining('weight') as unknown },
    ]);
  });

  it('completes a form only when every item is answered or given a missing-data code', async () => {
    await expect(save({ version: 0, values: { weight_kg: 64 }, status: 'complete' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'values.height_cm' }],
    });
    const coded = await save({ version: 0, values: { weight_kg: 64, height_cm: 'UNK' }, status: 'complete' });
    expect(coded).toMatchObject({
      status: 'complete',
      missingCodes: { height_cm: 'UNK' },
      score: { total: null },
    });
  });

  it('rejects a stale version and changes nothing, audit included', async () => {
    await save({ version: 0, values: { weight_kg: 64 }, status: 'in_progress' });
    const mark = await auditEventCount(db);
    await expect(
      save({ version: 0, values: { weight_kg: 70 }, status: 'in_progress' }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      fields: [{ path: 'version', message: 'expected 1' }],
    });
    expect(await stored()).toMatchObject({ values: { weight_kg: 64 }, version: 1 });
    expect(await auditEventCount(db)).toBe(mark);
  });

  it('needs a reason to edit a complete form, and audits the values before and after with it', async () => {
    await completeBmi();
    await expect(
      save({ version: 1, values: { weight_kg: 66, height_cm: 160 }, status: 'complete' }),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'reason' }] });
    const mark = await auditEventCount(db);
    await save({
      version: 1,
      values: { weight_kg: 66, height_cm: 160 },
      status: 'complete',
      reason: 'scale fixed',
    });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'form.update',
        before: { values: { weight_kg: 64 }, version: 1 },
        after: { values: { weight_kg: 66 }, version: 2 },
        reason: 'scale fixed',
      },
    ]);
  });

  it('keeps identifying items out of the audit trail', async () => {
    const demographics = { ...bmi, visitCode: 'V0', instrumentId: 'demographics' };
    const values = { sex: 'female', birth_date: '1970-05-14', mri_date: '2026-03-01' };
    const mark = await auditEventCount(db);
    const record = await save({ version: 0, values, status: 'complete' }, demographics);
    expect(record.values).toEqual(values);
    const [event] = await auditEventsAfter(db, mark);
    expect(event).toMatchObject({ after: { maskedItems: ['birth_date'], values: { sex: 'female' } } });
    expect(JSON.stringify(event)).not.toContain('1970-05-14');
  });

  it('verifies only a complete form, and any later edit voids the verification', async () => {
    await save({ version: 0, values: { weight_kg: 64 }, status: 'in_progress' });
    await expect(
      withTransaction(db, (trx) => verifyForm(trx, monitor, protocol, bmi, 1)),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'status', message: 'is in_progress' }],
    });
    await save({ version: 1, values: { weight_kg: 64, height_cm: 160 }, status: 'complete' });
    const verified = await withTransaction(db, (trx) => verifyForm(trx, monitor, protocol, bmi, 2));
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'monitor', version: 3 });
    const edited = await save({
      version: 3,
      values: { weight_kg: 65, height_cm: 160 },
      status: 'complete',
      reason: 'transcription error',
    });
    expect(edited).toMatchObject({ status: 'complete', verifiedBy: null, verifiedAt: null });
  });

  it('locks a signed form against edits until it is unlocked with a reason, which voids the signature', async () => {
    await completeBmi();
    const signed = await withTransaction(db, (trx) =>
      signForm(trx, investigator, protocol, bmi, 1, 'approval'),
    );
    expect(signed).toMatchObject({
      status: 'locked',
      signature: { signedBy: 'inv', signedByName: 'Dr Investigator', meaning: 'approval' },
    });
    await expect(
      save({ version: 2, values: { weight_kg: 66, height_cm: 160 }, status: 'complete', reason: 'x' }),
    ).rejects.toMatchObject({ kind: 'conflict', fields: [{ path: 'status', message: 'locked' }] });
    await expect(
      withTransaction(db, (trx) => unlockForm(trx, investigator, protocol, bmi, 2, '  ')),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'reason' }] });
    const mark = await auditEventCount(db);
    const unlocked = await withTransaction(db, (trx) =>
      unlockForm(trx, investigator, protocol, bmi, 2, 'weight to correct'),
    );
    expect(unlocked).toMatchObject({ status: 'complete', signature: null, verifiedBy: null, version: 3 });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'form.unlock',
        before: { status: 'locked', signature: { signedBy: 'inv' } },
        after: { status: 'complete', signature: null },
        reason: 'weight to correct',
      },
    ]);
    await expectAuditChainIntact(db);
  });

  it('refuses to sign, verify or unlock a form that does not exist or is in the wrong state', async () => {
    await expect(
      withTransaction(db, (trx) => signForm(trx, investigator, protocol, bmi, 1, 'approval')),
    ).rejects.toMatchObject({ kind: 'not_found' });
    await completeBmi();
    await expect(
      withTransaction(db, (trx) => unlockForm(trx, investigator, protocol, bmi, 1, 'why')),
    ).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'status', message: 'is complete' }] });
    await expect(
      withTransaction(db, (trx) => signForm(trx, investigator, protocol, bmi, 0, 'approval')),
    ).rejects.toMatchObject({ kind: 'conflict' });
    expect(await stored()).toMatchObject({ status: 'complete', version: 1 });
  });
});
