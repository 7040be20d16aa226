import { createHash } from 'node:crypto';

/**
 * The audit trail is a hash chain: each event's hash covers its own fields and the previous event's hash,
 * so altering, inserting or removing any stored event breaks every link after it.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event exactly as stored; JSON payloads are kept as their canonical text. */
export interface ChainedAuditFields {
  seq: number;
  ts: string;
  userId: string | null;
  username: string;
  role: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
  reason: string | null;
  requestId: string;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the same value always serialises to the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * The value with object keys sorted at every depth. What is already so is returned as it is rather than copied:
 * the analysis snapshot (src/core/analysis/snapshot-hash.ts) is a million objects, most of them in order. Only plain
 * objects and arrays are kept: a sorted copy of anything else keeps its own enumerable properties alone (a Date
 * becomes {}), which JSON.stringify of the original would not do. An own "__proto__" key always forces the copy,
 * which leaves it out, as the sorted copies this text has always been written from did.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (sortKeys(value[i]) !== value[i]) return value.map(sortKeys);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const values = keys.map((key) => sortKeys(source[key]));
  const unchanged =
    Object.getPrototypeOf(source) === Object.prototype &&
    keys.every(
      (key, i) =>
        key !== '__proto__' && values[i] === source[key] && (i === 0 || (keys[i - 1] as string) < key),
    );
  if (unchanged) return source;
  const sorted: Record<string, unknown> = {};
  const order = keys.map((_, i) => i).sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
  for (const i of order) if (values[i] !== undefined) sorted[keys[i] as string] = values[i];
  return sorted;
}

export function auditEventHash(fields: ChainedAuditFields): string {
  const material = JSON.stringify([
    fields.seq,
    fields.ts,
    fields.userId,
    fields.username,
    fields.role,
    fields.action,
    fields.entityType,
    fields.entityId,
    fields.beforeJson,
    fields.afterJson,
    fields.reason,
    fields.requestId,
    fields.prevHash,
  ]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

export interface ChainVerification {
  valid: boolean;
  events: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Checks events fed in sequence order: contiguous sequence numbers, each link to the previous hash, each own hash.
 * Incremental, so a long trail can be streamed page by page.
 */
export class ChainVerifier {
  private expectedPrev = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private broken: ChainVerification | null = null;

  /** Returns the failure at the first broken event; later events are ignored. */
  check(event: ChainedAuditFields & { hash: string }): ChainVerification | null {
    if (this.broken) return this.broken;
    this.count += 1;
    const fail = (reason: string): ChainVerification =>
      (this.broken = { valid: false, events: this.count, firstBrokenSeq: event.seq, reason });
    if (event.seq !== this.expectedSeq)
      return fail(`sequence gap: expected event ${this.expectedSeq}, found ${event.seq}`);
    if (event.prevHash !== this.expectedPrev)
      return fail('previous-hash link does not match the preceding event');
    if (auditEventHash(event) !== event.hash) return fail('event content does not match its hash');
    this.expectedPrev = event.hash;
    this.expectedSeq += 1;
    return null;
  }

  result(): ChainVerification {
    return this.broken ?? { valid: true, events: this.count, firstBrokenSeq: null, reason: null };
  }
}

export function verifyChain(events: Iterable<ChainedAuditFields & { hash: string }>): ChainVerification {
  const verifier = new ChainVerifier();
  for (const event of events) if (verifier.check(event)) break;
  return verifier.result();
}
