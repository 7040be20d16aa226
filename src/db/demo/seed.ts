import { randomUUID } from 'node:crypto';
import type { Role } from '../../core/security/roles.ts';
import type { ParticipantStatus } from '../../core/study/participant-status.ts';
import type { Arm } from '../../core/study/protocol.ts';
import type { Actor } from '../actor.ts';
import type { Database } from '../connection.ts';
import {
  addConsent,
  addExam,
  listVisits,
  updateExam,
  updateVisit,
} from '../repositories/clinical-records.ts';
import { writeIdentity } from '../repositories/identity.ts';
import { changeParticipantStatus, createParticipant } from '../repositories/participants.ts';
import { ensureStudy, findStudy } from '../repositories/study.ts';
import { createUser } from '../repositories/users.ts';
import { withTransaction } from '../transaction.ts';
import { saveForm, signForm, verifyForm } from '../repositories/forms.ts';
import { openQuery } from '../repositories/queries.ts';
import { recordQuantification } from '../repositories/sodium.ts';
import { scheduledForms } from '../../core/study/protocol.ts';
import { demoFormValues, passingScreeningForms, screeningValues, type DemoProfile } from './clinical.ts';
import { demoSodiumReport } from './sodium.ts';

/**
 * The synthetic demo study: 50 invented participants (30 SSc, 20 controls) with plausible statuses, dates and
 * exams, seeded through the same repositories as real data so that the audit trail is real too.
 * NOTHING HERE DESCRIBES A REAL PERSON: names are drawn from common-name lists and marked "SYNTHETIC".
 */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', role: 'admin', displayName: 'Demo Administrator' },
  { username: 'investigator', role: 'investigator', displayName: 'Dr Demo Investigator' },
  { username: 'radiologist', role: 'radiologist', displayName: 'Dr Demo Reader One' },
  { username: 'radiologist2', role: 'radiologist', displayName: 'Dr Demo Reader Two' },
  { username: 'radiologist3', role: 'radiologist', displayName: 'Dr Demo Reader Three' },
  { username: 'physicist', role: 'physicist', displayName: 'Demo MR Physicist' },
  { username: 'datamanager', role: 'data_manager', displayName: 'Demo Data Manager' },
  { username: 'statistician', role: 'statistician', displayName: 'Demo Statistician' },
  { username: 'monitor', role: 'monitor', displayName: 'Demo Monitor' },
].map((a) => ({ ...a, role: a.role as Role, password: `${a.username}-demo-7T` }));

/** Mulberry32: a tiny seeded PRNG, so the demo is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefebvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
];
const GIVEN = [
  'Marie',
  'Jean',
  'Nathalie',
  'Philippe',
  'Isabelle',
  'Michel',
  'Sylvie',
  'Alain',
  'Catherine',
  'Patrick',
  'Françoise',
  'Christophe',
  'Sandrine',
  'Pascal',
  'Valérie',
];

interface PlannedParticipant {
  arm: Arm;
  finalStatus: ParticipantStatus;
}

function plan(): PlannedParticipant[] {
  const sequence = (arm: Arm, counts: Partial<Record<ParticipantStatus, number>>): PlannedParticipant[] =>
    Object.entries(counts).flatMap(([status, n]) =>
      Array.from({ length: n }, () => ({ arm, finalStatus: status as ParticipantStatus })),
    );
  return [
    ...sequence('ssc', {
      completed: 17,
      included: 8,
      withdrawn: 1,
      ineligible: 1,
      eligible: 1,
      screening: 2,
    }),
    ...sequence('control', {
      completed: 12,
      included: 4,
      withdrawn: 1,
      ineligible: 1,
      eligible: 1,
      screening: 1,
    }),
  ];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Days from the MRI to now of the included participants (scanned, not yet completed), oldest first: their
 * readings are still open, some due within 48 h (5 to 7 days), some overdue (over 7 days).
 */
export const RECENT_SCAN_DAYS: readonly number[] = [14, 11, 9, 8, 6.5, 6, 5.5, 4, 3, 2, 1, 0.2];
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function isDatabaseEmpty(db: Database): Promise<boolean> {
  return findStudy(db.kysely).then((s) => s === undefined);
}

export async function seedDemo(
  db: Database,
  now: Date = new Date(),
): Promise<{ accounts: readonly DemoAccount[] }> {
  const random = prng(4223817);
  const system: Actor = {
    userId: null,
    username: 'system:demo-seed',
    role: 'system',
    requestId: `seed-${randomUUID()}`,
  };
  await withTransaction(db, async (trx) => {
    await ensureStudy(trx, system, { synthetic: true });
    for (const account of DEMO_ACCOUNTS) await createUser(trx, system, account);
  });
  const investigator = await db.kysely
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'investigator')
    .executeTakeFirstOrThrow();
  const actor: Actor = { ...system, userId: investigator.id, username: 'investigator', role: 'investigator' };
  const study = await findStudy(db.kysely);

  // Shuffle so that arms and outcomes interleave over time, the latest participants still in screening.
  const planned = plan()
    .map((p) => ({
      p,
      key:
        random() +
        (p.finalStatus === 'screening' || p.finalStatus === 'eligible'
          ? 10
          : p.finalStatus === 'included'
            ? 5
            : 0),
    }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.p);
  const start = now.getTime() - 540 * DAY;
  let recent = 0;
  const span = 520 * DAY;

  const monitorRow = await db.kysely
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'monitor')
    .executeTakeFirstOrThrow();
  const monitor: Actor = { ...system, userId: monitorRow.id, username: 'monitor', role: 'monitor' };
  const physicistRow = await db.kysely
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'physicist')
    .executeTakeFirstOrThrow();
  const physicist: Actor = { ...system, userId: physicistRow.id, username: 'physicist', role: 'physicist' };
  const protocol = study!.protocol;
  let signedCount = 0;

  for (const [index, item] of planned.entries()) {
    const screening = start + Math.round((index / planned.length) * span);
    const screeningDate = isoDay(screening);
    const inclusion = screening + (1 + Math.floor(random() * 6)) * DAY;
    // The last included participants were scanned recently: their readings are still open.
    const scanned =
      item.finalStatus === 'included'
        ? now.getTime() - RECENT_SCAN_DAYS[recent++ % RECENT_SCAN_DAYS.length]! * DAY
        : inclusion;
    const age = item.arm === 'ssc' ? 40 + Math.floor(random() * 35) : 30 + Math.floor(random() * 45);
    const profile: DemoProfile = {
      arm: item.arm,
      subset: item.arm === 'ssc' ? (random() < 0.35 ? 'diffuse' : 'limited') : null,
      sex: random() < (item.arm === 'ssc' ? 0.8 : 0.6) ? 'female' : 'male',
      birthDate: isoDay(screening - age * 365.25 * DAY - Math.floor(random() * 300) * DAY),
      mriDate: isoDay(scanned),
      random,
    };
    await withTransaction(db, async (trx) => {
      const p = await createParticipant(trx, actor, { arm: item.arm, screeningDate, synthetic: true });
      const family = FAMILY[Math.floor(random() * FAMILY.length)]!;
      const given = GIVEN[Math.floor(random() * GIVEN.length)]!;
      await writeIdentity(trx, actor, p.code, {
        version: 0,
        familyName: `SYNTHETIC ${family}`,
        givenName: given,
        birthDate: profile.birthDate,
        hospitalRecordNumber: `DEMO-${String(100000 + index * 7919).slice(-6)}`,
      });
      const fill = (
        visitCode: string,
        instrumentId: string,
        values: unknown,
        status: 'in_progress' | 'complete' = 'complete',
      ) =>
        saveForm(
          trx,
          actor,
          protocol,
          { participantCode: p.code, visitCode, instrumentId },
          { version: 0, values, status },
        );
      let current = p;
      const step = async (status: ParticipantStatus, date: string, reason: string) => {
        current = await changeParticipantStatus(trx, actor, p.code, {
          version: current.version,
          status,
          effectiveDate: date,
          reason,
        });
      };
      if (item.finalStatus === 'screening') {
        await fill('V0', 'demographics', demoFormValues('demographics', profile), 'in_progress');
        return;
      }
      // Ineligible participants fail one criterion of their arm, recorded on the eligibility form.
      const excludedBy =
        item.finalStatus === 'ineligible'
          ? item.arm === 'ssc'
            ? 'overlap_syndrome'
            : 'raynaud_phenomenon'
          : undefined;
      for (const form of passingScreeningForms(protocol, profile)) {
        const failing = excludedBy && form.instrument.startsWith('eligibility-');
        await fill(
          'V0',
          form.instrument,
          failing ? screeningValues(form.instrument, profile, excludedBy) : form.values,
        );
      }
      if (excludedBy) {
        await step(
          'ineligible',
          screeningDate,
          item.arm === 'ssc' ? 'Overlap syndrome (exclusion criterion)' : 'Raynaud’s phenomenon reported',
        );
        return;
      }
      await step('eligible', screeningDate, 'All inclusion criteria met, no exclusion criterion');
      if (item.finalStatus === 'eligible') return;
      await addConsent(trx, actor, p.code, { consentDate: isoDay(inclusion), documentVersion: 'v2.1' });
      await step('included', isoDay(inclusion), 'Written informed consent signed');
      if (item.finalStatus === 'withdrawn') {
        await step(
          'withdrawn',
          isoDay(inclusion + 2 * DAY),
          'Claustrophobia at MRI positioning (participant decision)',
        );
        return;
      }
      const visits = await listVisits(trx, p.id);
      for (const visit of visits) {
        const actualDate = visit.visitCode === 'V0' ? isoDay(inclusion) : isoDay(scanned);
        await updateVisit(trx, actor, visit.id, { version: visit.version, status: 'done', actualDate });
      }
      // Older exams during the working day; recent ones to the hour, so their due times fall where planned.
      const acquiredAt = new Date(
        item.finalStatus === 'included'
          ? scanned - (scanned % HOUR)
          : scanned - (scanned % DAY) + 9 * HOUR + Math.floor(random() * 8) * HOUR,
      ).toISOString();
      const exam = await addExam(trx, actor, p.code, protocol, {
        acquiredAt,
        hands: 'both',
        scanner: 'Siemens MAGNETOM Terra 7T',
        notes: 'Synthetic demo exam',
      });
      // Every scanned participant has a (synthetic, phantom-derived) sodium quantification.
      await recordQuantification(trx, physicist, exam.id, demoSodiumReport(item.arm, index));
      for (const form of scheduledForms(protocol, item.arm).filter((f) => f.visit === 'V1')) {
        await fill('V1', form.instrument, demoFormValues(form.instrument, profile));
      }
      if (item.finalStatus !== 'completed') return;
      await updateExam(trx, actor, exam.id, protocol, { version: exam.version, status: 'complete' });
      await step('completed', isoDay(scanned + 5 * DAY), 'Final MRI interpretation recorded');
      // The earliest completed SSc records have been through source data verification and signature.
      if (item.arm === 'ssc' && signedCount < 10) {
        signedCount += 1;
        const key = { participantCode: p.code, visitCode: 'V1', instrumentId: 'mrss' };
        const verified = await verifyForm(trx, monitor, protocol, key, 1);
        await signForm(
          trx,
          { ...actor, displayName: 'Dr Demo Investigator' },
          protocol,
          key,
          verified.version,
          'approval',
        );
      } else if (item.arm === 'ssc' && signedCount < 13) {
        signedCount += 1;
        await openQuery(
          trx,
          monitor,
          protocol,
          { participantCode: p.code, visitCode: 'V1', instrumentId: 'mrss' },
          {
            itemId: 'fingers_right',
            question: 'The source notes record sclerodactyly of the right hand: please confirm the score.',
          },
        );
      }
    });
  }
  return { accounts: DEMO_ACCOUNTS };
}
