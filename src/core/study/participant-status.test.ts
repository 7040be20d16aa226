import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  canTransition,
  FHIR_RESEARCH_SUBJECT_STATUS,
  PARTICIPANT_STATUSES,
  participantRecordIsComplete,
} from './participant-status.ts';

describe('participant lifecycle', () => {
  it('follows screening → eligible → included → completed', () => {
    expect(canTransition('screening', 'eligible')).toBe(true);
    expect(canTransition('eligible', 'included')).toBe(true);
    expect(canTransition('included', 'completed')).toBe(true);
  });

  it('cannot include without eligibility, nor leave a terminal status', () => {
    expect(canTransition('screening', 'included')).toBe(false);
    expect(allowedTransitions('withdrawn')).toEqual([]);
    expect(allowedTransitions('completed')).toEqual([]);
  });

  it('maps every status to a FHIR R4 ResearchSubject status code', () => {
    const r4Codes = [
      'candidate',
      'eligible',
      'follow-up',
      'ineligible',
      'not-registered',
      'off-study',
      'on-study',
      'on-study-intervention',
      'on-study-observation',
      'pending-on-study',
      'potential-candidate',
      'screening',
      'withdrawn',
    ];
    for (const status of PARTICIPANT_STATUSES)
      expect(r4Codes).toContain(FHIR_RESEARCH_SUBJECT_STATUS[status]);
    expect(FHIR_RESEARCH_SUBJECT_STATUS.included).toBe('on-study');
  });

  it('treats the record as complete once eligibility is decided', () => {
    expect(participantRecordIsComplete('screening')).toBe(false);
    expect(participantRecordIsComplete('eligible')).toBe(false);
    expect(participantRecordIsComplete('included')).toBe(true);
    expect(participantRecordIsComplete('ineligible')).toBe(true);
  });
});
