import { expect } from 'vitest';
import type { AuditEvent } from '../../core/audit/event.ts';
import type { QuantificationUpload } from '../../core/sodium/report.ts';
import type { Arm } from '../../core/study/protocol.ts';
import type { Actor } from '../actor.ts';
import { listAudit, verifyAuditChain } from '../audit.ts';
import type { Database } from '../connection.ts';
import { passingScreeningForms, testProfile } from '../demo/clinical.ts';
import { saveForm } from '../repositories/forms.ts';
import { ensureStudy, getStudy } from '../repositories/study.ts';
import { withTransaction } from '../transaction.ts';
import type { TestEngine } from './engines.ts';

/** Shared set-up and checks of the repository tests: one study, an actor, and what the audit trail must show. */

export const testActor: Actor = { userId: null, username: 'tester', role: 'system', requestId: 'test' };

/** A fresh database holding the synthetic study NCT04223817 and nothing else. */
export async function openStudyDatabase(engine: TestEngine): Promise<Database> {
  const db = await engine.open();
  await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: true }));
  return db;
}

/** Completes the participant's screening (V0) forms with answers that pass every criterion of the arm. */
export async function passScreening(db: Database, participantCode: string, arm: Arm): Promise<void> {
  await withTransaction(db, async (trx) => {
    const study = await getStudy(trx);
    for (const form of passingScreeningForms(study.protocol, testProfile(arm))) {
      await saveForm(
        trx,
        testActor,
        study.protocol,
        { participantCode, visitCode: 'V0', instrumentId: form.instrument },
        { version: 0, values: form.values, status: 'complete' },
      );
    }
  });
}

/** A small sodium quantification report: two reference tubes, one joint at `jointMeanMmol`, one tissue. */
export function sodiumReport(jointMeanMmol: number): QuantificationUpload {
  const tube = (label: number, concentrationMmol: number) => ({
    label,
    name: `tube ${concentrationMmol} mmol/L`,
    concentrationMmol,
    meanSignal: concentrationMmol * 2,
    correctedSignal: concentrationMmol * 2,
    voxels: 200,
    residual: 0,
  });
  const roi = (label: number, name: string, kind: 'joint' | 'tissue', mean: number) => ({
    label,
    name,
    kind,
    voxels: 40,
    volumeMm3: 40,
    concentrationMmol: { mean, sd: 9, median: mean },
  });
  return {
    calibration: { slope: 2, intercept: 0, r2: 1, noiseSigma: 3, references: [tube(90, 50), tube(91, 150)] },
    rois: [roi(1, 'right MCP2', 'joint', jointMeanMmol), roi(50, 'muscle', 'tissue', 30)],
    warnings: [],
    parameters: { manusVersion: 'test', noiseCorrection: true },
  };
}

export async function auditEventCount(db: Database): Promise<number> {
  return (await listAudit(db.kysely)).length;
}

/** The events appended after `seq`, in order: what one operation wrote. */
export async function auditEventsAfter(db: Database, seq: number): Promise<AuditEvent[]> {
  return listAudit(db.kysely, { afterSeq: seq });
}

export async function expectAuditChainIntact(db: Database): Promise<void> {
  expect(await verifyAuditChain(db.kysely)).toMatchObject({ valid: true, firstBrokenSeq: null });
}
