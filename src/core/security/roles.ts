/**
 * Roles and the permission table. This file is the only place where a role is granted an action;
 * the server checks route permissions against it and the web app hides what a role cannot do.
 */
export const ROLES = [
  'admin',
  'investigator',
  'radiologist',
  'physicist',
  'data_manager',
  'statistician',
  'monitor',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'study.read',
  'dashboard.read',
  'participant.read',
  'participant.create',
  'participant.update',
  'participant.status',
  'identity.read',
  'identity.write',
  'consent.read',
  'consent.write',
  'visit.write',
  'exam.read',
  'exam.write',
  'reading.worklist',
  'reading.perform',
  'reading.manage',
  'audit.read',
  'audit.verify',
  'user.read',
  'user.manage',
  'stats.run',
  'form.read',
  'form.write',
  'form.verify',
  'form.sign',
  'form.unlock',
  'query.read',
  'query.open',
  'query.answer',
  'query.close',
  'imaging.import',
  'imaging.read',
  'imaging.originals',
  'sodium.quantify',
  'sodium.read',
  'analysis.read',
  'data.export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Radiologists are blinded readers: they get the reading worklist and perform the reads assigned to them
 * (`reading.perform` is checked against each task's reader, and gives image access only through the task), never
 * arm, identity or clinical data. Data managers assign, unlock and follow the reading (`reading.manage`).
 * Identity is limited to the investigator (who enrols) and the monitor (who verifies source data). The original,
 * identifying image files (kept only when an import asks for it) are for the administrator alone. The unblinded
 * outcome analysis is for data managers and statisticians; data leave Manus (exports) through them and the monitor,
 * and an identified export also needs `identity.read`.
 */
const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    'study.read',
    'dashboard.read',
    'participant.read',
    'exam.read',
    'audit.read',
    'audit.verify',
    'user.read',
    'user.manage',
    'imaging.originals',
  ],
  investigator: [
    'study.read',
    'dashboard.read',
    'participant.read',
    'participant.create',
    'participant.update',
    'participant.status',
    'identity.read',
    'identity.write',
    'consent.read',
    'consent.write',
    'visit.write',
    'exam.read',
    'exam.write',
    'stats.run',
    'form.read',
    'form.write',
    'form.sign',
    'query.read',
    'query.answer',
    'imaging.import',
    'imaging.read',
    'sodium.read',
  ],
  radiologist: ['study.read', 'reading.worklist', 'reading.perform'],
  physicist: [
    'study.read',
    'dashboard.read',
    'participant.read',
    'exam.read',
    'exam.write',
    'imaging.import',
    'imaging.read',
    'sodium.quantify',
    'sodium.read',
  ],
  data_manager: [
    'study.read',
    'dashboard.read',
    'participant.read',
    'participant.create',
    'participant.update',
    'participant.status',
    'consent.read',
    'visit.write',
    'exam.read',
    'exam.write',
    'audit.read',
    'audit.verify',
    'user.read',
    'stats.run',
    'form.read',
    'form.unlock',
    'query.read',
    'query.open',
    'query.close',
    'imaging.import',
    'imaging.read',
    'sodium.read',
    'reading.worklist',
    'reading.manage',
    'analysis.read',
    'data.export',
  ],
  statistician: [
    'study.read',
    'dashboard.read',
    'participant.read',
    'exam.read',
    'stats.run',
    'form.read',
    'sodium.read',
    'analysis.read',
    'data.export',
  ],
  monitor: [
    'study.read',
    'dashboard.read',
    'participant.read',
    'identity.read',
    'consent.read',
    'exam.read',
    'audit.read',
    'form.read',
    'form.verify',
    'query.read',
    'query.open',
    'query.close',
    'sodium.read',
    'data.export',
  ],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
