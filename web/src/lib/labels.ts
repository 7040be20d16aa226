import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../src/core/security/roles.ts';
import type { ParticipantStatus } from '../../../src/core/study/participant-status.ts';
import { NCT04223817, type Arm, type Hands } from '../../../src/core/study/protocol.ts';
import type { ExamStatus, Study, VisitStatus } from '../api/types.ts';
import { toLanguage } from '../i18n/index.ts';
import { EMPTY } from './format.ts';

/** Translated labels for coded values. Arm labels come from the protocol itself, in both languages. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  return useMemo(
    () => ({
      arm: (arm: Arm | string) => NCT04223817.arms.find((a) => a.code === arm)?.label[language] ?? arm,
      status: (status: ParticipantStatus) => t(`status.${status}`),
      hands: (hands: Hands) => t(`hands.${hands}`),
      role: (role: Role) => t(`roles.${role}`),
      examStatus: (status: ExamStatus) => t(`examStatus.${status}`),
      visitStatus: (status: VisitStatus) => t(`visitStatus.${status}`),
      visit: (code: string, study: Study | undefined) => {
        const definition =
          study?.visits.find((v) => v.code === code) ?? NCT04223817.visits.find((v) => v.code === code);
        return definition ? `${code} — ${definition.label[language]}` : code;
      },
      studyTitle: (study: Study | undefined) => (study ?? NCT04223817).title[language],
    }),
    [t, language],
  );
}

export function isRoleCode(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * How nuclei are written in MR physics: the mass number, then the element symbol in its own case (DICOM's
 * ResonantNucleus is upper case: 23NA).
 */
export function nucleusLabel(nucleus: string | null): string {
  const match = nucleus ? /^(\d+)([A-Z]+)$/i.exec(nucleus) : null;
  return match
    ? `${match[1]}${match[2]![0]!.toUpperCase()}${match[2]!.slice(1).toLowerCase()}`
    : (nucleus ?? EMPTY);
}
