import { invalid, ManusError, staleVersion } from '../core/errors.ts';

/** Optimistic concurrency: the caller must send the version it read. */
export function assertCurrentVersion(what: string, sent: number, current: number): void {
  if (sent !== current) throw staleVersion(what, sent, current);
}

/** A change to a record marked complete must say why (21 CFR 11.10(e); ICH E6(R3) 4.2). */
export function requireReasonIfComplete(
  what: string,
  complete: boolean,
  reason: string | null | undefined,
): string | null {
  const trimmed = reason?.trim() ?? '';
  if (complete && trimmed === '') {
    throw invalid(`${what} is complete: a reason for change is required`, [
      { path: 'reason', code: 'required', message: 'required when changing a complete record' },
    ]);
  }
  return trimmed === '' ? null : trimmed;
}

/** Throws when an UPDATE guarded by `version = sent` touched no row (a writer slipped in between). */
export function assertUpdated(what: string, result: { numUpdatedRows: bigint }, sent: number): void {
  if (result.numUpdatedRows !== 1n) throw changedMeanwhile(what, sent);
}

/** The row an UPDATE guarded by `version = sent` returned; none means a writer slipped in between. */
export function updatedRow<Row>(what: string, row: Row | undefined, sent: number): Row {
  if (row === undefined) throw changedMeanwhile(what, sent);
  return row;
}

function changedMeanwhile(what: string, sent: number): ManusError {
  return new ManusError(
    'conflict',
    `${what} was changed by someone else while you saved version ${sent}; reload and try again`,
    [{ path: 'version', code: 'stale', message: 'stale' }],
  );
}

export const nowIso = (): string => new Date().toISOString();
