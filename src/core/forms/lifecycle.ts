import type { LocalizedText } from '../study/protocol.ts';

/**
 * eCRF form lifecycle (REDCap/OpenClinica conventions): not started (no record) → in progress → complete →
 * verified (source data verification by a monitor) → locked (signed by the investigator).
 */
export const FORM_STATUSES = ['in_progress', 'complete', 'verified', 'locked'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];
export type FormStatusOrNew = FormStatus | 'not_started';

/** Statuses in which the data were declared complete: any later edit must carry a reason (21 CFR 11.10(e)). */
export function editNeedsReason(status: FormStatusOrNew): boolean {
  return status === 'complete' || status === 'verified';
}

export const canEdit = (status: FormStatusOrNew): boolean => status !== 'locked';
export const canVerify = (status: FormStatusOrNew): boolean => status === 'complete';
/** The investigator may sign a complete form directly or after verification. */
export const canSign = (status: FormStatusOrNew): boolean => status === 'complete' || status === 'verified';
export const canUnlock = (status: FormStatusOrNew): boolean => status === 'locked';

/**
 * Meanings of an electronic signature, shown with the signer's printed name and the time (21 CFR 11.50(a)).
 */
export const SIGNATURE_MEANINGS = ['approval', 'review', 'responsibility'] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];
export const SIGNATURE_MEANING_TEXT: Record<SignatureMeaning, LocalizedText> = {
  approval: {
    en: 'I approve the data in this form as accurate and complete.',
    fr: 'J’approuve les données de ce formulaire comme exactes et complètes.',
  },
  review: { en: 'I have reviewed the data in this form.', fr: 'J’ai relu les données de ce formulaire.' },
  responsibility: {
    en: 'I take responsibility for the data in this form.',
    fr: 'J’assume la responsabilité des données de ce formulaire.',
  },
};

/** Data queries: a monitor or data manager asks about one item, the investigator answers, the asker closes. */
export const QUERY_STATUSES = ['open', 'answered', 'closed'] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];

export const canAnswerQuery = (status: QueryStatus): boolean => status === 'open' || status === 'answered';
export const canCloseQuery = (status: QueryStatus): boolean => status !== 'closed';
