import { afterEach, beforeEach, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
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
import {
  addConsent,
  addExam,
  listConsents,
  listExams,
  listVisits,
  updateExam,
  updateVisit,
  type ExamChanges,
  type NewExam,
  type VisitChanges,
} from './clinical-records.ts';
import { createParticipant } from './participants.ts';

const protocol = NCT04223817;
const SCHEDULED: NewExam = { acquiredAt: null, hands: 'both', scanner: 'Siemens Terra 7T', notes: '' };

describeEachEngine('clinical records repository', (engine) => {
  let db: Database;
  let participant: Participant;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
    participant = await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm: 'ssc', screeningDate: '2026-01-10' }),
    );
  });
  afterEach(() => db.close());

  const firstVisit = async () => (await listVisits(db.kysely, participant.id))[0]!;
  const changeVisit = (id: string, changes: VisitChanges) =>
    withTransaction(db, (trx) => updateVisit(trx, testActor, id, changes));
  const newExam = (input: NewExam = SCHEDULED) =>
    withTransaction(db, (trx) => addExam(trx, testActor, participant.code, protocol, input));
  const changeExam = (id: string, changes: ExamChanges) =>
    withTransaction(db, (trx) => updateExam(trx, testActor, id, protocol, changes));

  it('records a consent, audited with the participant code', async () => {
    const mark = await auditEventCount(db);
    const consent = await withTransaction(db, (trx) =>
      addConsent(trx, testActor, participant.code, { consentDate: '2026-01-12', documentVersion: 'v2.1' }),
    );
    expect(await listConsents(db.kysely, participant.id)).toEqual([consent]);
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'consent.create',
        entityType: 'consent',
        entityId: consent.id,
        after: { participantCode: participant.code, consentDate: '2026-01-12', documentVersion: 'v2.1' },
      },
    ]);
  });

  it('refuses records for an unknown participant', async () => {
    await expect(
      withTransaction(db, (trx) =>
        addConsent(trx, testActor, 'P-9999', { consentDate: '2026-01-12', documentVersion: 'v1' }),
      ),
    ).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      withTransaction(db, (trx) => addExam(trx, testActor, 'P-9999', protocol, SCHEDULED)),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('plans a visit without a reason, then needs its date to mark it done', async () => {
    const visit = await firstVisit();
    const planned = await changeVisit(visit.id, { version: 1, plannedDate: '2026-01-15' });
    expect(planned).toMatchObject({ plannedDate: '2026-01-15', status: 'planned', version: 2 });
    await expect(changeVisit(visit.id, { version: 2, status: 'done' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'actualDate', message: 'required when status is done' }],
    });
    const done = await changeVisit(visit.id, { version: 2, status: 'done', actualDate: '2026-01-16' });
    expect(done).toMatchObject({ status: 'done', actualDate: '2026-01-16', version: 3 });
  });

  it('requires a reason to change a visit that is no longer planned, and audits before, after and why', async () => {
    const visit = await firstVisit();
    await changeVisit(visit.id, { version: 1, status: 'done', actualDate: '2026-01-16' });
    await expect(changeVisit(visit.id, { version: 2, actualDate: '2026-01-17' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'reason' }],
    });
    const mark = await auditEventCount(db);
    await changeVisit(visit.id, { version: 2, actualDate: '2026-01-17', reason: 'wrong day entered' });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'visit.update',
        entityType: 'visit',
        entityId: visit.id,
        before: { actualDate: '2026-01-16', version: 2 },
        after: { actualDate: '2026-01-17', version: 3 },
        reason: 'wrong day entered',
      },
    ]);
    await expectAuditChainIntact(db);
  });

  it('rejects a stale visit version and an unknown visit, changing nothing', async () => {
    const visit = await firstVisit();
    await changeVisit(visit.id, { version: 1, plannedDate: '2026-01-15' });
    const mark = await auditEventCount(db);
    await expect(changeVisit(visit.id, { version: 1, plannedDate: '2026-02-01' })).rejects.toMatchObject({
      kind: 'conflict',
    });
    await expect(changeVisit('no-such-visit', { version: 1 })).rejects.toMatchObject({ kind: 'not_found' });
    expect(await firstVisit()).toMatchObject({ plannedDate: '2026-01-15', version: 2 });
    expect(await auditEventCount(db)).toBe(mark);
  });

  it('gives an exam a blinded code and attaches it to the MRI visit', async () => {
    const mark = await auditEventCount(db);
    const exam = await newExam();
    expect(exam.examCode).toMatch(/^MR-[A-HJ-NP-Z2-9]{8}$/);
    expect(exam).toMatchObject({ status: 'scheduled', acquiredAt: null, readingDueAt: null, version: 1 });
    const row = await db.kysely
      .selectFrom('mri_exam')
      .innerJoin('visit', 'visit.id', 'mri_exam.visit_id')
      .select('visit.visit_code')
      .where('mri_exam.id', '=', exam.id)
      .executeTakeFirstOrThrow();
    expect(row.visit_code).toBe(protocol.visits[protocol.visits.length - 1]!.code);
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      { action: 'exam.create', entityType: 'mri_exam', entityId: exam.id, after: exam },
    ]);
  });

  it('marks an exam acquired once it has an acquisition time, due for reading a week later', async () => {
    const exam = await newExam();
    const acquired = await changeExam(exam.id, { version: 1, acquiredAt: '2026-03-01T09:30:00.000Z' });
    expect(acquired).toMatchObject({
      status: 'acquired',
      readingDueAt: '2026-03-08T09:30:00.000Z',
      version: 2,
    });
    expect(await listExams(db.kysely, participant.id, protocol)).toEqual([acquired]);
  });

  it('refuses an acquired or complete exam without an acquisition time', async () => {
    const exam = await newExam();
    await expect(changeExam(exam.id, { version: 1, status: 'complete' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'acquiredAt', message: 'required when status is complete' }],
    });
    const acquired = await newExam({ ...SCHEDULED, acquiredAt: '2026-03-01T09:30:00.000Z' });
    expect(acquired.status).toBe('acquired');
    await expect(changeExam(acquired.id, { version: 1, acquiredAt: null })).rejects.toMatchObject({
      fields: [{ path: 'acquiredAt', message: 'required when status is acquired' }],
    });
  });

  it('requires a reason to change a complete exam, and audits it', async () => {
    const exam = await newExam({ ...SCHEDULED, acquiredAt: '2026-03-01T09:30:00.000Z' });
    await changeExam(exam.id, { version: 1, status: 'complete' });
    await expect(changeExam(exam.id, { version: 2, hands: 'right' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'reason' }],
    });
    const mark = await auditEventCount(db);
    await changeExam(exam.id, { version: 2, hands: 'right', reason: 'left hand not scanned' });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'exam.update',
        before: { hands: 'both', status: 'complete' },
        after: { hands: 'right', status: 'complete', version: 3 },
        reason: 'left hand not scanned',
      },
    ]);
  });

  it('rejects a stale exam version and an unknown exam, changing nothing', async () => {
    const exam = await newExam();
    await changeExam(exam.id, { version: 1, notes: 'first' });
    const mark = await auditEventCount(db);
    await expect(changeExam(exam.id, { version: 1, notes: 'second' })).rejects.toMatchObject({
      kind: 'conflict',
    });
    await expect(changeExam('no-such-exam', { version: 1 })).rejects.toMatchObject({ kind: 'not_found' });
    expect((await listExams(db.kysely, participant.id, protocol))[0]).toMatchObject({
      notes: 'first',
      version: 2,
    });
    expect(await auditEventCount(db)).toBe(mark);
  });
});
