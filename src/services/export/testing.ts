import type { Finding } from '../../core/reading/findings.ts';
import { scheduledForms } from '../../core/study/protocol.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { demoFormValues, testProfile } from '../../db/demo/clinical.ts';
import { addConsent, addExam } from '../../db/repositories/clinical-records.ts';
import { saveForm, signForm } from '../../db/repositories/forms.ts';
import { writeIdentity } from '../../db/repositories/identity.ts';
import { changeParticipantStatus, createParticipant } from '../../db/repositories/participants.ts';
import { createExamReading, updateExamReading } from '../../db/repositories/reading/exam-readings.ts';
import { createTask, updateTask } from '../../db/repositories/reading/tasks.ts';
import { recordQuantification } from '../../db/repositories/sodium.ts';
import { ensureStudy, getStudy } from '../../db/repositories/study.ts';
import { createUser } from '../../db/repositories/users.ts';
import type { TestEngine } from '../../db/testing/engines.ts';
import { passScreening, sodiumReport, testActor } from '../../db/testing/fixtures.ts';
import { withTransaction } from '../../db/transaction.ts';

/**
 * A small study for the export tests, quick to build on either engine, that exercises every column an export
 * writes: an included SSc participant with every V1 form (one corrected with a reason, one signed, one item with a
 * missing-data code, two treatment records, a text answer starting with "="), an identity, an MRI exam with a
 * sodium quantification and a final reading read by two radiologists; an included control; and a participant
 * still in screening with an unfinished form.
 */
export async function openExportTestStudy(engine: TestEngine): Promise<Database> {
  const db = await engine.open();
  await seedExportTestStudy(db);
  return db;
}

/** The password of every account of the export test study. */
export const EXPORT_TEST_PASSWORD = 'export-test-password';

/** Accounts besides the two readers: one per role that exports or must be refused. */
const STAFF = [
  { username: 'stats', role: 'statistician' },
  { username: 'monitor-a', role: 'monitor' },
] as const;

export async function seedExportTestStudy(db: Database): Promise<void> {
  await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: true }));
  const { protocol } = await getStudy(db.kysely);
  const readers = await withTransaction(db, async (trx) => {
    const created = [];
    for (const username of ['reader-a', 'reader-b'])
      created.push(
        await createUser(trx, testActor, {
          username,
          displayName: `Dr ${username}`,
          role: 'radiologist',
          password: EXPORT_TEST_PASSWORD,
        }),
      );
    for (const { username, role } of STAFF)
      await createUser(trx, testActor, {
        username,
        displayName: username,
        role,
        password: EXPORT_TEST_PASSWORD,
      });
    return created;
  });
  for (const arm of ['ssc', 'control', 'ssc'] as const) {
    await withTransaction(db, (trx) =>
      createParticipant(trx, testActor, { arm, screeningDate: '2026-02-20' }),
    );
  }
  for (const [code, arm] of [
    ['P-0001', 'ssc'],
    ['P-0002', 'control'],
  ] as const) {
    await passScreening(db, code, arm);
    await withTransaction(db, async (trx) => {
      await addConsent(trx, testActor, code, { consentDate: '2026-02-24', documentVersion: '2.1' });
      for (const status of ['eligible', 'included'] as const)
        await changeParticipantStatus(trx, testActor, code, {
          version: status === 'eligible' ? 1 : 2,
          status,
          effectiveDate: '2026-02-25',
          reason: `Screening passed (${status})`,
        });
      const profile = testProfile(arm);
      for (const form of scheduledForms(protocol, arm).filter((f) => f.visit === 'V1')) {
        const values = { ...demoFormValues(form.instrument, profile) };
        if (form.instrument === 'treatments') {
          values.immunosuppressants = [
            { drug: 'methotrexate', other_name: null, start_date: '2025-01-10', end_date: null },
            {
              drug: 'other',
              other_name: '=HYPERLINK("x")\nsecond line',
              start_date: '2024-06-01',
              end_date: '2024-12-15',
            },
          ];
        }
        if (form.instrument === 'labs') values.crp = 'NASK';
        await saveForm(
          trx,
          testActor,
          protocol,
          { participantCode: code, visitCode: 'V1', instrumentId: form.instrument },
          { version: 0, values, status: 'complete' },
        );
      }
    });
  }
  await withTransaction(db, async (trx) => {
    await writeIdentity(trx, testActor, 'P-0001', {
      version: 0,
      familyName: 'Martin',
      givenName: 'Claire',
      birthDate: '1970-05-14',
      hospitalRecordNumber: 'HRN-0001',
    });
    const bmi = { participantCode: 'P-0001', visitCode: 'V1', instrumentId: 'bmi' };
    const corrected = await saveForm(trx, testActor, protocol, bmi, {
      version: 1,
      values: { ...demoFormValues('bmi', testProfile('ssc')), weight_kg: 61.5 },
      status: 'complete',
      reason: 'Weight transcription error',
    });
    const signer: Actor & { displayName: string } = { ...testActor, displayName: 'Dr Tester' };
    await signForm(trx, signer, protocol, bmi, corrected.version, 'approval');
    await saveForm(
      trx,
      testActor,
      protocol,
      { participantCode: 'P-0003', visitCode: 'V0', instrumentId: 'demographics' },
      { version: 0, values: { sex: 'male' }, status: 'in_progress' },
    );
    const exam = await addExam(trx, testActor, 'P-0001', protocol, {
      acquiredAt: '2026-03-01T09:30:00.000Z',
      hands: 'both',
      scanner: '7T',
      notes: '',
    });
    await recordQuantification(trx, testActor, exam.id, sodiumReport(220));
    await createExamReading(trx, testActor, { examId: exam.id, adjudicatorId: null });
    const findings: Finding[] = [
      { site: 'R.MCP2', item: 'synovitis', value: 2 },
      { site: 'L.MCP2', item: 'synovitis', value: 0 },
    ];
    for (const reader of readers) {
      const task = await createTask(trx, testActor, { examId: exam.id, readerId: reader.id, kind: 'read' });
      await updateTask(
        trx,
        testActor,
        task,
        task.version,
        { status: 'submitted', findings, comments: 'Reader note', submittedAt: '2026-03-03T10:00:00.000Z' },
        { action: 'submit' },
      );
    }
    await updateExamReading(
      trx,
      testActor,
      exam.id,
      1,
      {
        status: 'final',
        final: { kind: 'agreed', findings, comments: '' },
        finalizedAt: '2026-03-03T10:00:00.000Z',
      },
      { action: 'finalize' },
    );
  });
}
