import type { ExclusionReason } from '../../analysis/types.ts';
import type { FormStatus } from '../../forms/lifecycle.ts';
import type { LocalizedText } from '../../instruments/types.ts';
import type { ParticipantStatus } from '../../study/participant-status.ts';
import type { VisitStatus } from '../../study/records.ts';
import type { ValueLabel } from './table.ts';

/** Value labels of the codes Manus records outside the instruments, for the codebook and the loaders. */

export const text = (en: string, fr: string): LocalizedText => ({ en, fr });

/** Every code of a status type, labelled: the Record type makes a new status fail to compile until labelled. */
const labelled = <C extends string>(labels: Record<C, LocalizedText>): ValueLabel[] =>
  Object.entries<LocalizedText>(labels).map(([code, label]) => ({ code, label }));

export const NO_YES: readonly ValueLabel[] = [
  { code: 0, label: text('No', 'Non') },
  { code: 1, label: text('Yes', 'Oui') },
];

export const FORM_STATUS_LABELS = labelled<FormStatus>({
  in_progress: text('In progress', 'En cours'),
  complete: text('Complete', 'Complet'),
  verified: text('Verified', 'Vérifié'),
  locked: text('Signed and locked', 'Signé et verrouillé'),
});

export const PARTICIPANT_STATUS_LABELS = labelled<ParticipantStatus>({
  screening: text('Screening', 'Sélection'),
  eligible: text('Eligible', 'Éligible'),
  ineligible: text('Not eligible', 'Non éligible'),
  included: text('Included', 'Inclus'),
  withdrawn: text('Withdrawn', 'Sorti'),
  completed: text('Completed', 'Terminé'),
});

export const VISIT_STATUS_LABELS = labelled<VisitStatus>({
  planned: text('Planned', 'Prévue'),
  done: text('Done', 'Faite'),
  missed: text('Missed', 'Manquée'),
});

export const EXCLUSION_REASON_LABELS = labelled<ExclusionReason>({
  not_included: text('Not included', 'Non inclus'),
  withdrawn: text('Withdrawn', 'Sorti de l’étude'),
  no_mri: text('No MRI acquired', 'IRM non réalisée'),
  no_final_reading: text('No final MRI reading', 'Pas de lecture IRM finale'),
  non_diagnostic_images: text('Non-diagnostic images', 'Images non diagnostiques'),
  incomplete_reading: text(
    'Final reading incomplete for the primary items',
    'Lecture finale incomplète pour les items principaux',
  ),
});
