/**
 * A SYNTHETIC cohort of any size for scale tests and the analysis benchmark (`manus demo --cohort N`): the study,
 * the demo accounts, and N invented participants, each included and completed (a few withdrawn, a few still
 * awaiting their final reading), with their clinical forms (the demo's value generators, validated and scored as
 * a save would), one MRI exam with a final reading of both hands, and a sodium quantification of every joint.
 * NOTHING HERE DESCRIBES A REAL PERSON, and no images are made.
 *
 * Written in bulk, in one transaction, so that 20,000 participants take well under a minute: rows go in by
 * thousands rather than through the per-record repositories, and the audit trail records the generation as one
 * event (`cohort.generate`, with the counts and the seed) instead of one event per row.
 */
import { randomUUID } from 'node:crypto';
import { getInstrument } from '../../core/instruments/registry.ts';
import { scoreValidated } from '../../core/instruments/score.ts';
import { validateItems } from '../../core/instruments/validate.ts';
import type { Finding } from '../../core/reading/findings.ts';
import { READING_ITEMS } from '../../core/reading/items.ts';
import { sitesOf } from '../../core/reading/sites.ts';
import { handLayout } from '../../core/sodium/phantom/layout.ts';
import { createRandom, type Random } from '../../core/sodium/random.ts';
import { participantCode, scheduledForms, type Arm, type StudyProtocol } from '../../core/study/protocol.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { demoFormValues, type DemoProfile } from '../../db/demo/clinical.ts';
import { DEMO_ACCOUNTS, isDatabaseEmpty } from '../../db/demo/seed.ts';
import { ensureStudy } from '../../db/repositories/study.ts';
import { createUser } from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { MANUS_VERSION } from '../../version.ts';
import { ManusError } from '../../core/errors.ts';
import { lesionFindings, demoLesions } from './lesions.ts';

export interface CohortOptions {
  participants: number;
  seed?: number;
  now?: Date;
}

export interface CohortSummary {
  participants: number;
  arms: Record<Arm, number>;
  finalReadings: number;
  sodiumQuantifications: number;
  forms: number;
  ms: number;
}

const DAY = 86_400_000;
/** Shares of the cohort: SSc patients; withdrawn after inclusion; scanned but not yet read to the end. */
const SSC_SHARE = 0.6;
const WITHDRAWN_SHARE = 0.02;
const AWAITING_SHARE = 0.03;
/** Per SSc hand: chance of an occluded ulnar (radial) artery at the wrist; per SSc finger: no venous return. */
const ULNAR_OCCLUSION = 0.35;
const RADIAL_OCCLUSION = 0.1;
const NO_VENOUS_RETURN = 0.25;
/** Participants generated between two bulk writes: bounds the memory held, whatever the cohort's size. */
const FLUSH = 1000;
const SODIUM_MEAN_MMOL: Readonly<Record<Arm, number>> = { ssc: 228, control: 210 };

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The normal value of every field of a complete reading of both hands (the reach only where the artery is seen). */
const NORMAL_READING: readonly Finding[] = READING_ITEMS.filter(
  (item) => item.sites.scope !== 'series',
).flatMap((item) =>
  sitesOf(item, ['R', 'L']).map((site) => ({ site: site.id, item: item.id, value: item.scale.normal })),
);
const fieldKey = (f: { site: string; item: string }) => `${f.item}@${f.site}`;
/** The normal reading as JSON text per field, so a reading is the template with its few changed fields replaced. */
const NORMAL_JSON: readonly string[] = NORMAL_READING.map((f) => JSON.stringify(f));
const NORMAL_POSITION = new Map(NORMAL_READING.map((f, i) => [fieldKey(f), i]));

/** A complete final reading as JSON: the normal reading with the participant's lesions and vascular findings. */
function finalFindingsJson(arm: Arm, seed: number, random: Random): string {
  const changed: Finding[] = lesionFindings(demoLesions(arm, seed));
  if (arm === 'ssc')
    for (const side of ['R', 'L'] as const) {
      if (random.uniform() < ULNAR_OCCLUSION)
        changed.push({ site: `${side}.artery.ulnar`, item: 'ulnar_patency', value: 'occluded' });
      if (random.uniform() < RADIAL_OCCLUSION)
        changed.push({ site: `${side}.artery.radial`, item: 'radial_patency', value: 'occluded' });
      for (let finger = 1; finger <= 5; finger++)
        if (random.uniform() < NO_VENOUS_RETURN)
          changed.push({ site: `${side}.vein.digital.${finger}`, item: 'venous_return', value: false });
    }
  const fields: (string | null)[] = [...NORMAL_JSON];
  for (const f of changed) {
    const position = NORMAL_POSITION.get(fieldKey(f));
    // Not in the normal reading: the reach of an artery that is occluded but still seen.
    if (position === undefined) fields.push(JSON.stringify(f));
    else fields[position] = JSON.stringify(f);
    // An artery not seen at all has no reach to score: the normal reading's reach goes.
    if (f.item === 'artery_status' && f.value === 'not_visible') {
      const reach = NORMAL_POSITION.get(fieldKey({ site: f.site, item: 'artery_reach' }));
      if (reach !== undefined) fields[reach] = null;
    }
  }
  return `[${fields.filter((field) => field !== null).join(',')}]`;
}

/** Joint ROIs of the sodium phantom's layout (`Right MCP2`, label numbers), the names the quantifications use. */
const SODIUM_JOINTS = handLayout(48, createRandom(1)).regions.filter((r) => r.kind === 'joint');

/** Inserts rows in chunks that stay under both engines' limits on bound parameters. */
async function insertAll<T extends keyof DB & string>(
  trx: Tx,
  table: T,
  rows: readonly DB[T][],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const chunk = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += chunk)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
}

function profileOf(arm: Arm, random: Random, scanned: number): DemoProfile {
  const age = arm === 'ssc' ? 40 + Math.floor(random.uniform() * 35) : 30 + Math.floor(random.uniform() * 45);
  return {
    arm,
    subset: arm === 'ssc' ? (random.uniform() < 0.35 ? 'diffuse' : 'limited') : null,
    sex: random.uniform() < (arm === 'ssc' ? 0.8 : 0.6) ? 'female' : 'male',
    birthDate: isoDay(scanned - age * 365.25 * DAY - Math.floor(random.uniform() * 300) * DAY),
    mriDate: isoDay(scanned),
    random: () => random.uniform(),
  };
}

function formRows(protocol: StudyProtocol, participantId: string, profile: DemoProfile, now: string) {
  return scheduledForms(protocol, profile.arm).map((form) => {
    const definition = getInstrument(form.instrument);
    const validated = validateItems(definition, demoFormValues(form.instrument, profile));
    if (validated.issues.length)
      throw new Error(
        `Cohort values for ${form.instrument} do not validate: ${validated.issues[0]?.message}`,
      );
    const variant = definition.variants?.[0]?.name ?? null;
    const score = scoreValidated(definition, validated, variant);
    return {
      id: randomUUID(),
      participant_id: participantId,
      visit_code: form.visit,
      instrument_id: form.instrument,
      definition_version: definition.version,
      status: 'complete',
      variant,
      values_json: JSON.stringify(validated.values),
      missing_json: JSON.stringify(validated.missingCodes),
      warnings_json: JSON.stringify(validated.warnings),
      score_json: score ? JSON.stringify(score) : null,
      verified_by: null,
      verified_at: null,
      signed_by: null,
      signed_by_name: null,
      signed_at: null,
      signature_meaning: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
  });
}

/** Generates the cohort into an empty database. */
export async function generateCohort(db: Database, options: CohortOptions): Promise<CohortSummary> {
  const started = performance.now();
  if (!Number.isSafeInteger(options.participants) || options.participants < 1)
    throw new ManusError('bad_request', 'The cohort needs a positive whole number of participants', [
      { path: 'cohort', code: 'rule', message: 'must be a positive integer' },
    ]);
  if (!(await isDatabaseEmpty(db)))
    throw new ManusError(
      'conflict',
      `The database at ${db.location} already holds a study; a cohort goes only into an empty one`,
    );
  const seed = options.seed ?? 4223817;
  const nowMs = (options.now ?? new Date()).getTime();
  const system: Actor = {
    userId: null,
    username: 'system:cohort',
    role: 'system',
    requestId: `cohort-${randomUUID()}`,
  };
  const study = await withTransaction(db, async (trx) => {
    const created = await ensureStudy(trx, system, { synthetic: true });
    for (const account of DEMO_ACCOUNTS) await createUser(trx, system, account);
    return created;
  });
  const protocol = study.protocol;
  const random = createRandom(seed, 1);
  const now = new Date(nowMs).toISOString();
  const arms: Record<Arm, number> = { ssc: 0, control: 0 };
  const emptyRows = () => ({
    participant: [] as DB['participant'][],
    participant_status_change: [] as DB['participant_status_change'][],
    consent: [] as DB['consent'][],
    visit: [] as DB['visit'][],
    mri_exam: [] as DB['mri_exam'][],
    exam_reading: [] as DB['exam_reading'][],
    form_record: [] as DB['form_record'][],
    sodium_quantification: [] as DB['sodium_quantification'][],
    sodium_roi_result: [] as DB['sodium_roi_result'][],
  });
  let rows = emptyRows();
  let finalReadings = 0;
  let forms = 0;
  let quantifications = 0;
  // Written every FLUSH participants, in table order (foreign keys), all in one transaction.
  const flush = async (trx: Tx) => {
    forms += rows.form_record.length;
    quantifications += rows.sodium_quantification.length;
    for (const [table, list] of Object.entries(rows))
      await insertAll(trx, table as keyof typeof rows, list as never);
    rows = emptyRows();
  };
  await withTransaction(db, async (trx) => {
    for (let index = 0; index < options.participants; index++) {
      if (index > 0 && index % FLUSH === 0) await flush(trx);
      const arm: Arm = random.uniform() < SSC_SHARE ? 'ssc' : 'control';
      arms[arm] += 1;
      const id = randomUUID();
      const code = participantCode(protocol, index + 1);
      const screening = nowMs - (400 + Math.floor(random.uniform() * 700)) * DAY;
      const inclusion = screening + (1 + Math.floor(random.uniform() * 6)) * DAY;
      const scanned = inclusion + 7 * DAY + Math.floor(random.uniform() * 8) * 3_600_000 + 9 * 3_600_000;
      const fate = random.uniform();
      const withdrawn = fate < WITHDRAWN_SHARE;
      const awaiting = !withdrawn && fate < WITHDRAWN_SHARE + AWAITING_SHARE;
      const status = withdrawn ? 'withdrawn' : awaiting ? 'included' : 'completed';
      const profile = profileOf(arm, random, scanned);
      rows.participant.push({
        id,
        study_id: study.id,
        site_id: study.siteId,
        code,
        arm,
        status,
        screening_date: isoDay(screening),
        inclusion_date: isoDay(inclusion),
        end_date: status === 'included' ? null : isoDay(withdrawn ? inclusion + 2 * DAY : scanned + 10 * DAY),
        synthetic: 1,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      const history: [string | null, string, number, string][] = [
        [null, 'screening', screening, 'Screening started'],
        ['screening', 'eligible', screening, 'All inclusion criteria met, no exclusion criterion'],
        ['eligible', 'included', inclusion, 'Written informed consent signed'],
      ];
      if (withdrawn) history.push(['included', 'withdrawn', inclusion + 2 * DAY, 'Participant decision']);
      else if (!awaiting)
        history.push(['included', 'completed', scanned + 10 * DAY, 'Final MRI interpretation recorded']);
      history.forEach(([from, to, at, reason], i) =>
        rows.participant_status_change.push({
          id: randomUUID(),
          participant_id: id,
          ordinal: i + 1,
          from_status: from,
          to_status: to,
          effective_date: isoDay(at),
          reason,
          changed_by: system.username,
          changed_at: now,
        }),
      );
      rows.consent.push({
        id: randomUUID(),
        participant_id: id,
        consent_date: isoDay(inclusion),
        document_version: 'v2.1',
        withdrawn_date: withdrawn ? isoDay(inclusion + 2 * DAY) : null,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      for (const visit of protocol.visits) {
        const done = visit.code === 'V0' || !withdrawn;
        rows.visit.push({
          id: randomUUID(),
          participant_id: id,
          visit_code: visit.code,
          planned_date: null,
          actual_date: done ? isoDay(visit.code === 'V0' ? inclusion : scanned) : null,
          status: done ? 'done' : 'planned',
          version: 1,
          created_at: now,
          updated_at: now,
        });
      }
      rows.form_record.push(
        ...formRows(protocol, id, profile, now).filter((f) => !withdrawn || f.visit_code === 'V0'),
      );
      if (withdrawn) continue;
      const examId = randomUUID();
      const acquiredAt = new Date(scanned).toISOString();
      rows.mri_exam.push({
        id: examId,
        participant_id: id,
        visit_id: null,
        exam_code: `MR-${String(index + 1).padStart(6, '0')}`,
        acquired_at: acquiredAt,
        hands: 'both',
        scanner: 'Siemens MAGNETOM Terra 7T',
        notes: 'Synthetic cohort exam (no images)',
        status: awaiting ? 'acquired' : 'complete',
        version: 1,
        created_at: now,
        updated_at: now,
      });
      // Most final readings come within the 7-day deadline, some later.
      const finalizedAt = new Date(
        scanned + (0.5 + random.uniform() * (random.uniform() < 0.85 ? 6 : 14)) * DAY,
      );
      if (!awaiting) finalReadings += 1;
      rows.exam_reading.push({
        exam_id: examId,
        status: awaiting ? 'awaiting_reads' : 'final',
        adjudicator_id: null,
        final_findings_json: awaiting ? null : finalFindingsJson(arm, seed + index, random),
        final_comments: awaiting ? null : 'Synthetic cohort reading',
        final_kind: awaiting ? null : 'agreed',
        finalized_at: awaiting ? null : finalizedAt.toISOString(),
        version: 1,
        created_at: now,
        updated_at: now,
      });
      const quantificationId = randomUUID();
      rows.sodium_quantification.push({
        id: quantificationId,
        exam_id: examId,
        participant_id: id,
        status: 'current',
        slope: 1,
        intercept: 0,
        r2: 1,
        noise_sigma: null,
        references_json: '[]',
        warnings_json: JSON.stringify(['Synthetic cohort values: no image was quantified']),
        parameters_json: JSON.stringify({ synthetic: { cohortSeed: seed } }),
        manus_version: MANUS_VERSION,
        recorded_by: system.username,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      const participantMean = SODIUM_MEAN_MMOL[arm] + 12 * random.normal();
      for (const joint of SODIUM_JOINTS) {
        const mmol = Math.round((participantMean + 8 * random.normal()) * 10) / 10;
        rows.sodium_roi_result.push({
          id: randomUUID(),
          quantification_id: quantificationId,
          participant_id: id,
          label: joint.label,
          name: joint.name,
          kind: 'joint',
          voxels: 40,
          volume_mm3: 40 * 5.3 ** 3,
          mean_mmol: mmol,
          sd_mmol: 15,
          median_mmol: mmol,
          created_at: now,
        });
      }
    }
    await flush(trx);
    await appendAudit(trx, system, {
      action: 'cohort.generate',
      entityType: 'study',
      entityId: study.id,
      after: {
        synthetic: true,
        seed,
        participants: options.participants,
        arms,
        finalReadings,
        forms,
        sodiumQuantifications: quantifications,
        note: 'Bulk-generated synthetic cohort, audited as this one event',
      },
    });
  });
  return {
    participants: options.participants,
    arms,
    finalReadings,
    sodiumQuantifications: quantifications,
    forms,
    ms: performance.now() - started,
  };
}
