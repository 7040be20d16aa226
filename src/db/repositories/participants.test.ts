import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManusError } from '../../core/errors.ts';
import { listAudit } from '../audit.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import {
  auditEventCount,
  auditEventsAfter,
  expectAuditChainIntact,
  openStudyDatabase,
  passScreening,
  testActor as actor,
} from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import {
  changeParticipantStatus,
  createParticipant,
  getParticipant,
  listParticipants,
  listStatusHistory,
  updateParticipant,
} from './participants.ts';
import { passingScreeningForms, testProfile } from '../demo/clinical.ts';
import { addConsent, listVisits } from './clinical-records.ts';
import { saveForm } from './forms.ts';
import { getStudy } from './study.ts';

describeEachEngine('participant repository', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await openStudyDatabase(engine);
  });
  afterEach(() => db.close());

  const create = (arm: 'ssc' | 'control' = 'ssc') =>
    withTransaction(db, (trx) => createParticipant(trx, actor, { arm, screeningDate: '2026-01-10' }));

  it('allocates sequential pseudonymous codes and plans the protocol visits', async () => {
    const a = await create('ssc');
    const b = await create('control');
    expect([a.code, b.code]).toEqual(['P-0001', 'P-0002']);
    expect(a).toMatchObject({ status: 'screening', fhirStatus: 'screening', version: 1, siteCode: 'POI' });
    expect((await listVisits(db.kysely, a.id)).map((v) => [v.visitCode, v.status])).toEqual([
      ['V0', 'planned'],
      ['V1', 'planned'],
    ]);
  });

  it('audits the screening: the participant, then each visit it plans', async () => {
    const p = await create();
    expect(await auditEventsAfter(db, 1)).toMatchObject([
      { action: 'participant.create', entityType: 'participant', entityId: p.id, before: null, after: p },
      { action: 'visit.create', after: { participantCode: 'P-0001', visitCode: 'V0', status: 'planned' } },
      { action: 'visit.create', after: { participantCode: 'P-0001', visitCode: 'V1', status: 'planned' } },
    ]);
  });

  it('reports an unknown participant as not found', async () => {
    await expect(getParticipant(db.kysely, 'P-9999')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      withTransaction(db, (trx) => updateParticipant(trx, actor, 'P-9999', { version: 1, arm: 'control' })),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('filters and pages, counting the whole match', async () => {
    for (let i = 0; i < 7; i++) await create(i % 2 ? 'control' : 'ssc');
    const page = await listParticipants(db.kysely, { arm: 'ssc', page: 2, pageSize: 3 });
    expect(page.total).toBe(4);
    expect(page.items.map((p) => p.code)).toEqual(['P-0007']);
    expect(
      (await listParticipants(db.kysely, { q: '0005', page: 1, pageSize: 10 })).items.map((p) => p.code),
    ).toEqual(['P-0005']);
    // The search box ignores case on both engines (LIKE itself is case-sensitive on both).
    expect(
      (await listParticipants(db.kysely, { q: 'p-0006', page: 1, pageSize: 10 })).items.map((p) => p.code),
    ).toEqual(['P-0006']);
  });

  it('blocks eligibility and inclusion until the instruments and the consent allow them, naming why', async () => {
    const p = await create('control');
    const toEligible = () =>
      withTransaction(db, (trx) =>
        changeParticipantStatus(trx, actor, p.code, {
          version: 1,
          status: 'eligible',
          effectiveDate: '2026-01-10',
          reason: 'x',
        }),
      );
    await expect(toEligible()).rejects.toMatchObject({
      kind: 'invalid',
      fields: [
        { path: 'forms.mri-safety-7t', message: 'complete the mri-safety-7t form first' },
        { path: 'forms.eligibility-control', message: 'complete the eligibility-control form first' },
      ],
    });
    await passScreening(db, p.code, 'control');
    const study = await getStudy(db.kysely);
    await withTransaction(db, async (trx) => {
      const values = {
        ...passingScreeningForms(study.protocol, testProfile('control')).find(
          (f) => f.instrument === 'mri-safety-7t',
        )!.values,
        cardiac_pacemaker: true,
      };
      await saveForm(
        trx,
        actor,
        study.protocol,
        { participantCode: p.code, visitCode: 'V0', instrumentId: 'mri-safety-7t' },
        { version: 1, values, status: 'complete', reason: 'pacemaker found in the records' },
      );
    });
    await expect(toEligible()).rejects.toMatchObject({
      fields: [{ path: 'forms.mri-safety-7t', code: 'rule', message: 'excluded by: cardiac_pacemaker' }],
    });
    expect((await getParticipant(db.kysely, p.code)).status).toBe('screening');
  });

  it('records each status change in order, with dates set by the lifecycle', async () => {
    const p = await create();
    await passScreening(db, p.code, 'ssc');
    await withTransaction(db, (trx) =>
      addConsent(trx, actor, p.code, { consentDate: '2026-01-12', documentVersion: 'v1' }),
    );
    let current = p;
    for (const [status, date] of [
      ['eligible', '2026-01-10'],
      ['included', '2026-01-12'],
      ['completed', '2026-01-20'],
    ] as const) {
      current = await withTransaction(db, (trx) =>
        changeParticipantStatus(trx, actor, p.code, {
          version: current.version,
          status,
          effectiveDate: date,
          reason: `to ${status}`,
        }),
      );
    }
    expect(current).toMatchObject({
      status: 'completed',
      fhirStatus: 'off-study',
      inclusionDate: '2026-01-12',
      endDate: '2026-01-20',
      version: 4,
    });
    expect((await listStatusHistory(db.kysely, p.id)).map((h) => h.toStatus)).toEqual([
      'screening',
      'eligible',
      'included',
      'completed',
    ]);
  });

  it('refuses a transition the lifecycle does not allow, naming the allowed ones', async () => {
    const p = await create();
    const attempt = withTransaction(db, (trx) =>
      changeParticipantStatus(trx, actor, p.code, {
        version: 1,
        status: 'completed',
        effectiveDate: '2026-01-10',
        reason: 'x',
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'status', code: 'not_allowed', message: 'allowed: eligible, ineligible, withdrawn' }],
    });
  });

  it('audits a status change with its reason, and dates the end of a final decision', async () => {
    const p = await create();
    const mark = await auditEventCount(db);
    const ineligible = await withTransaction(db, (trx) =>
      changeParticipantStatus(trx, actor, p.code, {
        version: 1,
        status: 'ineligible',
        effectiveDate: '2026-01-11',
        reason: '  hand surgery last year  ',
      }),
    );
    expect(ineligible).toMatchObject({ status: 'ineligible', endDate: '2026-01-11', version: 2 });
    expect(await auditEventsAfter(db, mark)).toMatchObject([
      {
        action: 'participant.status.ineligible',
        entityId: p.id,
        before: { status: 'screening', endDate: null, version: 1 },
        after: { status: 'ineligible', endDate: '2026-01-11', version: 2 },
        reason: 'hand surgery last year',
      },
    ]);
    expect((await listStatusHistory(db.kysely, p.id)).at(-1)).toMatchObject({
      fromStatus: 'screening',
      toStatus: 'ineligible',
      reason: 'hand surgery last year',
      changedBy: 'tester',
    });
    await expectAuditChainIntact(db);
  });

  it('refuses a status change without a reason, dated before screening, or from a stale version', async () => {
    const p = await create();
    const change = (request: { version: number; effectiveDate: string; reason: string }) =>
      withTransaction(db, (trx) =>
        changeParticipantStatus(trx, actor, p.code, { status: 'withdrawn', ...request }),
      );
    const mark = await auditEventCount(db);
    await expect(change({ version: 1, effectiveDate: '2026-01-11', reason: ' ' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'reason' }],
    });
    await expect(change({ version: 1, effectiveDate: '2026-01-09', reason: 'moved' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'effectiveDate', message: 'must be on or after 2026-01-10' }],
    });
    await expect(change({ version: 2, effectiveDate: '2026-01-11', reason: 'moved' })).rejects.toMatchObject({
      kind: 'conflict',
    });
    expect(await getParticipant(db.kysely, p.code)).toMatchObject({ status: 'screening', version: 1 });
    expect(await listStatusHistory(db.kysely, p.id)).toHaveLength(1);
    expect(await auditEventCount(db)).toBe(mark);
  });

  it('rejects a stale version and changes nothing, audit included', async () => {
    const p = await create();
    await withTransaction(db, (trx) =>
      updateParticipant(trx, actor, p.code, { version: 1, screeningDate: '2026-01-11' }),
    );
    const eventsBefore = (await listAudit(db.kysely)).length;
    const stale = withTransaction(db, (trx) =>
      updateParticipant(trx, actor, p.code, { version: 1, arm: 'control' }),
    );
    await expect(stale).rejects.toBeInstanceOf(ManusError);
    await expect(stale).rejects.toMatchObject({ kind: 'conflict' });
    expect(await getParticipant(db.kysely, p.code)).toMatchObject({
      arm: 'ssc',
      version: 2,
      screeningDate: '2026-01-11',
    });
    expect((await listAudit(db.kysely)).length).toBe(eventsBefore);
  });

  it('requires a reason to change a decided participant, and audits it with before and after', async () => {
    const p = await create();
    const ineligible = await withTransaction(db, (trx) =>
      changeParticipantStatus(trx, actor, p.code, {
        version: 1,
        status: 'ineligible',
        effectiveDate: '2026-01-10',
        reason: 'overlap',
      }),
    );
    const noReason = withTransaction(db, (trx) =>
      updateParticipant(trx, actor, p.code, { version: ineligible.version, arm: 'control' }),
    );
    await expect(noReason).rejects.toMatchObject({ kind: 'invalid', fields: [{ path: 'reason' }] });
    await withTransaction(db, (trx) =>
      updateParticipant(trx, actor, p.code, {
        version: ineligible.version,
        arm: 'control',
        reason: 'arm entered wrongly',
      }),
    );
    const [last] = (await listAudit(db.kysely)).slice(-1);
    expect(last).toMatchObject({
      action: 'participant.update',
      reason: 'arm entered wrongly',
      before: { arm: 'ssc' },
      after: { arm: 'control' },
      username: 'tester',
    });
  });
});
