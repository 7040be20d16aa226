import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExportSnapshot } from '../../core/export/snapshot.ts';
import type { Database } from '../../db/connection.ts';
import { describeEachEngine, TEST_ENGINES } from '../../db/testing/engines.ts';
import { expectAuditChainIntact, testActor } from '../../db/testing/fixtures.ts';
import { withTransaction } from '../../db/transaction.ts';
import { importTidyCsv } from './csv-import.ts';
import { folderOutput } from './output.ts';
import { runExport } from './run.ts';
import { loadExportSnapshot } from './snapshot.ts';
import { openExportTestStudy } from './testing.ts';

const identifiedSnapshot = (db: Database): Promise<ExportSnapshot> =>
  withTransaction(db, (trx) => loadExportSnapshot(trx, testActor, { identified: true, purpose: 'test' }));

/** Round trip: the tidy CSV export, imported into an empty database, gives back the same clinical data. */
describeEachEngine('tidy CSV re-import', (engine) => {
  let folder: string;
  let source: ExportSnapshot;
  let target: Database;
  let restored: ExportSnapshot;
  beforeAll(async () => {
    const db = await openExportTestStudy(TEST_ENGINES[0]!);
    folder = mkdtempSync(join(tmpdir(), 'manus-roundtrip-'));
    await runExport(db, testActor, { format: 'csv', identified: true }, folderOutput(folder));
    source = await identifiedSnapshot(db);
    await db.close();
    target = await engine.open();
    await importTidyCsv(target, testActor, folder);
    restored = await identifiedSnapshot(target);
  });
  afterAll(async () => {
    await target.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('restores the participants with their arm, status, dates and consent', () => {
    const view = (s: ExportSnapshot) =>
      s.participants.map((p) => ({
        code: p.code,
        arm: p.arm,
        status: p.status,
        screeningDate: p.screeningDate,
        inclusionDate: p.inclusionDate,
        endDate: p.endDate,
        consents: p.consents,
      }));
    expect(view(restored)).toEqual(view(source));
  });

  it('restores every form with the same values, missing-data codes and scores', () => {
    const view = (s: ExportSnapshot) =>
      s.forms.map((f) => ({
        key: `${f.participantCode} ${f.visitCode} ${f.instrumentId}`,
        status: f.status === 'in_progress' ? 'in_progress' : 'complete',
        variant: f.variant,
        values: f.values,
        missingCodes: f.missingCodes,
        score: f.score,
      }));
    expect(view(restored)).toEqual(view(source));
    expect(restored.forms.find((f) => f.instrumentId === 'treatments')!.values.immunosuppressants).toEqual(
      source.forms.find((f) => f.instrumentId === 'treatments')!.values.immunosuppressants,
    );
  });

  it('refuses a database that already holds participants, and audits what it wrote', async () => {
    await expect(importTidyCsv(target, testActor, folder)).rejects.toThrow(/empty database/);
    await expectAuditChainIntact(target);
  });
});
