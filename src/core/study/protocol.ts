/**
 * The NCT04223817 protocol as configuration (../shared/reference/study-NCT04223817.txt):
 * 7.0 T MRI of both hands in systemic sclerosis and controls, Poitiers University Hospital, 50 participants,
 * final MRI interpretation at most 7 days after the scan.
 */

export const ARMS = ['ssc', 'control'] as const;
export type Arm = (typeof ARMS)[number];

export const HANDS = ['left', 'right', 'both'] as const;
export type Hands = (typeof HANDS)[number];

export interface LocalizedText {
  en: string;
  fr: string;
}

export interface ArmDefinition {
  code: Arm;
  label: LocalizedText;
  /** Planned recruitment for the arm; the registration gives only the total, the split is the study's plan. */
  target: number;
}

export interface VisitDefinition {
  code: string;
  label: LocalizedText;
  /** Days after inclusion when the visit is due, with its window. */
  dayOffset: number;
  windowDays: number;
}

/** Which instrument is collected at which visit, for which arms. */
export interface ScheduledForm {
  visit: string;
  instrument: string;
  arms: readonly Arm[];
}

export interface StudyProtocol {
  nctId: string;
  title: LocalizedText;
  sponsor: string;
  site: { code: string; name: string };
  targetEnrollment: number;
  arms: readonly ArmDefinition[];
  visits: readonly VisitDefinition[];
  readingDeadlineDays: number;
  participantCodePrefix: string;
  forms: readonly ScheduledForm[];
}

const BOTH: readonly Arm[] = ['ssc', 'control'];
const SSC: readonly Arm[] = ['ssc'];
const CONTROL: readonly Arm[] = ['control'];

export const NCT04223817: StudyProtocol = {
  nctId: 'NCT04223817',
  title: {
    en: '7.0 Tesla MRI of the hand in systemic sclerosis',
    fr: 'IRM 7,0 Tesla de la main dans la sclérodermie systémique',
  },
  sponsor: 'Poitiers University Hospital',
  site: { code: 'POI', name: 'CHU de Poitiers — Médecine interne' },
  targetEnrollment: 50,
  arms: [
    { code: 'ssc', label: { en: 'Systemic sclerosis', fr: 'Sclérodermie systémique' }, target: 30 },
    { code: 'control', label: { en: 'Control', fr: 'Témoin' }, target: 20 },
  ],
  visits: [
    {
      code: 'V0',
      label: { en: 'Screening and inclusion', fr: 'Sélection et inclusion' },
      dayOffset: 0,
      windowDays: 0,
    },
    {
      code: 'V1',
      label: { en: '7 T MRI of both hands', fr: 'IRM 7 T des deux mains' },
      dayOffset: 0,
      windowDays: 30,
    },
  ],
  readingDeadlineDays: 7,
  participantCodePrefix: 'P-',
  // Screening decides eligibility; the clinical data of the secondary outcomes are collected on the MRI day.
  forms: [
    { visit: 'V0', instrument: 'demographics', arms: BOTH },
    { visit: 'V0', instrument: 'mri-safety-7t', arms: BOTH },
    { visit: 'V0', instrument: 'acr-eular-2013', arms: SSC },
    { visit: 'V0', instrument: 'eligibility-ssc', arms: SSC },
    { visit: 'V0', instrument: 'eligibility-control', arms: CONTROL },
    { visit: 'V1', instrument: 'bmi', arms: BOTH },
    { visit: 'V1', instrument: 'smoking', arms: BOTH },
    { visit: 'V1', instrument: 'ssc-history', arms: SSC },
    { visit: 'V1', instrument: 'mrss', arms: SSC },
    { visit: 'V1', instrument: 'eustar-ai-2017', arms: SSC },
    { visit: 'V1', instrument: 'raynaud-condition-score', arms: SSC },
    { visit: 'V1', instrument: 'raynaud-vas', arms: SSC },
    { visit: 'V1', instrument: 'ssc-haq', arms: SSC },
    { visit: 'V1', instrument: 'chfs', arms: SSC },
    { visit: 'V1', instrument: 'capillaroscopy', arms: SSC },
    { visit: 'V1', instrument: 'oral-aperture', arms: SSC },
    { visit: 'V1', instrument: 'autoantibodies', arms: SSC },
    { visit: 'V1', instrument: 'organ-involvement', arms: SSC },
    { visit: 'V1', instrument: 'treatments', arms: SSC },
    { visit: 'V1', instrument: 'labs', arms: SSC },
  ],
};

/** The visit of the MRI exam: the schedule's last (an exam is attached to it when it is recorded). */
export function mriVisitCode(protocol: StudyProtocol): string | null {
  return protocol.visits[protocol.visits.length - 1]?.code ?? null;
}

export function scheduledForms(protocol: StudyProtocol, arm: Arm): readonly ScheduledForm[] {
  return protocol.forms.filter((f) => f.arms.includes(arm));
}

export function isArm(value: string): value is Arm {
  return (ARMS as readonly string[]).includes(value);
}

export function isHands(value: string): value is Hands {
  return (HANDS as readonly string[]).includes(value);
}

/** Participant codes are pseudonymous and sequential: P-0001, P-0002, ... */
export function participantCode(protocol: StudyProtocol, sequence: number): string {
  return `${protocol.participantCodePrefix}${String(sequence).padStart(4, '0')}`;
}

/**
 * What `participantCode` writes for any protocol whose prefix is capital letters and a hyphen: the prefix, then at
 * least four digits (the fifth appears after the 9,999th participant).
 */
export const PARTICIPANT_CODE_PATTERN = /^[A-Z]+-\d{4,}$/;
