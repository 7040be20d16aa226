import { describe, expect, it } from 'vitest';
import { assertCurrentVersion, assertUpdated, requireReasonIfComplete } from './versioning.ts';

describe('optimistic concurrency and reasons for change', () => {
  it('accepts the current version and refuses any other as a conflict naming the current one', () => {
    expect(() => assertCurrentVersion('Visit V1', 3, 3)).not.toThrow();
    for (const sent of [2, 4]) {
      expect(() => assertCurrentVersion('Visit V1', sent, 3)).toThrow(
        expect.objectContaining({
          kind: 'conflict',
          message: expect.stringContaining(`you sent version ${sent}, the current version is 3`) as unknown,
          fields: [{ path: 'version', code: 'stale', message: 'expected 3' }],
        }),
      );
    }
  });

  it('refuses a guarded update that touched no row: someone wrote in between', () => {
    expect(() => assertUpdated('Visit V1', { numUpdatedRows: 1n }, 3)).not.toThrow();
    expect(() => assertUpdated('Visit V1', { numUpdatedRows: 0n }, 3)).toThrow(
      expect.objectContaining({
        kind: 'conflict',
        fields: [{ path: 'version', code: 'stale', message: 'stale' }],
      }),
    );
  });

  it('requires a reason, trimmed, to change a complete record', () => {
    for (const blank of [undefined, null, '', '   ']) {
      expect(() => requireReasonIfComplete('Form bmi', true, blank)).toThrow(
        expect.objectContaining({ kind: 'invalid', fields: [expect.objectContaining({ path: 'reason' })] }),
      );
    }
    expect(requireReasonIfComplete('Form bmi', true, '  typo  ')).toBe('typo');
  });

  it('keeps an optional reason on an incomplete record, and stores a blank one as none', () => {
    expect(requireReasonIfComplete('Form bmi', false, ' first entry ')).toBe('first entry');
    expect(requireReasonIfComplete('Form bmi', false, '  ')).toBeNull();
    expect(requireReasonIfComplete('Form bmi', false, undefined)).toBeNull();
  });
});
