import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf, ROLES } from './roles.ts';

describe('permission table', () => {
  it('grants every permission to at least one role', () => {
    for (const permission of PERMISSIONS)
      expect(
        ROLES.some((r) => can(r, permission)),
        permission,
      ).toBe(true);
  });

  it('keeps blinded readers away from participants, identity and audit', () => {
    expect(permissionsOf('radiologist')).toEqual(['study.read', 'reading.worklist', 'reading.perform']);
  });

  it('lets only radiologists read, and only data managers manage the reading', () => {
    expect(ROLES.filter((r) => can(r, 'reading.perform'))).toEqual(['radiologist']);
    expect(ROLES.filter((r) => can(r, 'reading.manage'))).toEqual(['data_manager']);
  });

  it('limits identity to the investigator and the monitor', () => {
    expect(ROLES.filter((r) => can(r, 'identity.read'))).toEqual(['investigator', 'monitor']);
  });

  it('keeps original, identifying image files for the administrator alone', () => {
    expect(ROLES.filter((r) => can(r, 'imaging.originals'))).toEqual(['admin']);
  });
});
