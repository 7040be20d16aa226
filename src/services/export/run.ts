import { notFound } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import { dataDirOf, type Database } from '../../db/connection.ts';
import { withTransaction } from '../../db/transaction.ts';
import { findExportFormat, type ExportContext } from './formats.ts';
import type { ExportOutput } from './output.ts';
import { loadExportSnapshot } from './snapshot.ts';

export interface ExportRequest {
  format: string;
  /** Real dates and identities; the caller has checked that the actor may read identities. */
  identified: boolean;
}

export interface ExportResult {
  format: string;
  identified: boolean;
  participants: number;
  files: string[];
}

/**
 * Runs one export: loads the snapshot and records who exported what (format, identified or not, how many
 * participants) in the same transaction, then writes the files. The audit event comes first, so an export that
 * fails while writing is still on record.
 */
export async function runExport(
  database: Database,
  actor: Actor,
  request: ExportRequest,
  out: ExportOutput,
  options: { dataDir?: string; onProgress?: ExportContext['onProgress'] } = {},
): Promise<ExportResult> {
  const format = findExportFormat(request.format);
  if (!format) throw notFound(`Export format ${request.format}`);
  const snapshot = await withTransaction(database, async (trx) => {
    const loaded = await loadExportSnapshot(trx, actor, {
      identified: request.identified,
      purpose: `export ${format.name}`,
    });
    await appendAudit(trx, actor, {
      action: 'data.export',
      entityType: 'study',
      entityId: loaded.study.id,
      after: {
        format: format.name,
        identified: request.identified,
        participants: loaded.participants.length,
      },
    });
    return loaded;
  });
  const context: ExportContext = {
    database,
    dataDir: options.dataDir ?? dataDirOf(database),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const files = await format.write(snapshot, context, out);
  return {
    format: format.name,
    identified: request.identified,
    participants: snapshot.participants.length,
    files,
  };
}
