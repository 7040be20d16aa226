import { describe, expect, it } from 'vitest';
import { NCT04223817, PARTICIPANT_CODE_PATTERN, participantCode } from './protocol.ts';

describe('participant codes', () => {
  it('the pattern accepts every code the protocol generates, past the 9,999th participant', () => {
    for (const sequence of [1, 42, 9999, 10000, 123456]) {
      expect(participantCode(NCT04223817, sequence)).toMatch(PARTICIPANT_CODE_PATTERN);
    }
    expect(participantCode(NCT04223817, 7)).toBe('P-0007');
  });

  it('the pattern refuses what the protocol never generates', () => {
    for (const code of ['P-001', 'p-0001', 'P0001', '-0001', 'P-0001 ', 'P-00a1', 'P--0001', '']) {
      expect(PARTICIPANT_CODE_PATTERN.test(code), code).toBe(false);
    }
  });
});
