import { describe, expect, it } from 'vitest';
import { auditChanges } from './audit.ts';

describe('audit changes', () => {
  it('lists changed fields, item by item inside a form’s values', () => {
    expect(
      auditChanges(
        { status: 'complete', values: { face: 1, abdomen: 0 }, version: 2, updatedAt: 'x' },
        { status: 'complete', values: { face: 2, abdomen: 0, hand_left: 1 }, version: 3, updatedAt: 'y' },
      ),
    ).toEqual([
      { field: 'values.face', before: 1, after: 2 },
      { field: 'values.hand_left', before: undefined, after: 1 },
      { field: 'version', before: 2, after: 3 },
    ]);
  });

  it('opens an object that appears or disappears (a signature)', () => {
    expect(
      auditChanges({ signature: null }, { signature: { meaning: 'approval', signedBy: 'inv' } }),
    ).toEqual([
      { field: 'signature.meaning', before: undefined, after: 'approval' },
      { field: 'signature.signedBy', before: undefined, after: 'inv' },
    ]);
  });
});
