import { describe, expect, it } from 'vitest';
import {
  auditEventHash,
  canonicalJson,
  GENESIS_HASH,
  verifyChain,
  type ChainedAuditFields,
} from './hash-chain.ts';

function chain(n: number): (ChainedAuditFields & { hash: string })[] {
  const events: (ChainedAuditFields & { hash: string })[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: ChainedAuditFields = {
      seq,
      ts: `2026-01-0${seq}T00:00:00.000Z`,
      userId: 'u1',
      username: 'investigator',
      role: 'investigator',
      action: 'participant.update',
      entityType: 'participant',
      entityId: 'p1',
      beforeJson: canonicalJson({ arm: 'ssc', n: seq - 1 }),
      afterJson: canonicalJson({ arm: 'ssc', n: seq }),
      reason: seq > 1 ? 'typo' : null,
      requestId: `r${seq}`,
      prevHash,
    };
    const hash = auditEventHash(fields);
    events.push({ ...fields, hash });
    prevHash = hash;
  }
  return events;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined, so equal values hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ valid: true, events: 5, firstBrokenSeq: null, reason: null });
  });

  it('accepts an empty trail', () => {
    expect(verifyChain([]).valid).toBe(true);
  });

  it('reports the first event whose content was altered', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, afterJson: canonicalJson({ arm: 'control', n: 3 }) };
    expect(verifyChain(events)).toMatchObject({
      valid: false,
      firstBrokenSeq: 3,
      reason: 'event content does not match its hash',
    });
  });

  it('detects an altered event even when its own hash was recomputed, at the next link', () => {
    const events = chain(5);
    const forged = { ...events[1]!, reason: 'forged' };
    events[1] = { ...forged, hash: auditEventHash(forged) };
    expect(verifyChain(events)).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('detects a removed event as a sequence gap', () => {
    const events = chain(5);
    events.splice(3, 1);
    expect(verifyChain(events)).toMatchObject({
      valid: false,
      firstBrokenSeq: 5,
      reason: 'sequence gap: expected event 4, found 5',
    });
  });

  it('detects a removed first event', () => {
    expect(verifyChain(chain(3).slice(1))).toMatchObject({ valid: false, firstBrokenSeq: 2 });
  });
});
