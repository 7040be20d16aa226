import fc from 'fast-check';
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

describe('canonicalJson of values already in order', () => {
  /** canonicalJson as first written: a sorted copy of every object and array, then JSON.stringify. */
  const sortedCopy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortedCopy);
    if (value === null || typeof value !== 'object') return value;
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort())
      if (source[key] !== undefined) sorted[key] = sortedCopy(source[key]);
    return sorted;
  };

  it('writes the text of a sorted copy, whether or not the value needed sorting', () => {
    const key = fc.oneof(
      fc.constantFrom('a', 'b', 'c', '0', '2', '10', '01', '4294967295', '__proto__', 'toString'),
      fc.string(),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, undefined, true, NaN, -0, 1e21),
        fc.double(),
        fc.string({ unit: 'binary' }),
        fc.date(),
        fc.array(tie('value')),
        fc.sparseArray(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { noNullPrototype: false }),
        // Objects already in order, the case that is not copied.
        fc
          .uniqueArray(fc.tuple(key, tie('value')), { selector: ([k]) => k, maxLength: 4 })
          .map((entries) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)))),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(JSON.stringify(sortedCopy(v)));
      }),
      { numRuns: 1000 },
    );
  });
});
