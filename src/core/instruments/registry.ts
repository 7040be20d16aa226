import { ManusError } from '../errors.ts';
import { acrEular2013 } from './definitions/acr-eular-2013.ts';
import { autoantibodies } from './definitions/autoantibodies.ts';
import { bmi } from './definitions/bmi.ts';
import { capillaroscopy } from './definitions/capillaroscopy.ts';
import { chfs } from './definitions/chfs.ts';
import { demographics } from './definitions/demographics.ts';
import { eligibilityControl } from './definitions/eligibility-control.ts';
import { eligibilitySsc } from './definitions/eligibility-ssc.ts';
import { eustarAi2017 } from './definitions/eustar-ai-2017.ts';
import { haqDi } from './definitions/haq-di.ts';
import { labs } from './definitions/labs.ts';
import { mriSafety7t } from './definitions/mri-safety-7t.ts';
import { mrss } from './definitions/mrss.ts';
import { oralAperture } from './definitions/oral-aperture.ts';
import { organInvolvement } from './definitions/organ-involvement.ts';
import { raynaudConditionScore } from './definitions/raynaud-condition-score.ts';
import { raynaudVas } from './definitions/raynaud-vas.ts';
import { smoking } from './definitions/smoking.ts';
import { sscHaq } from './definitions/ssc-haq.ts';
import { sscHistory } from './definitions/ssc-history.ts';
import { treatments } from './definitions/treatments.ts';
import type { InstrumentDefinition } from './types.ts';

/**
 * Every instrument and form Manus knows, by id, in the order of a participant's file: screening, then the clinical
 * forms, then the scores. Exports (the REDCap data dictionary) keep this order; demographics comes first because
 * REDCap puts the record identifier in the first form.
 */
export const INSTRUMENTS: readonly InstrumentDefinition[] = [
  demographics,
  eligibilitySsc,
  eligibilityControl,
  mriSafety7t,
  sscHistory,
  acrEular2013,
  smoking,
  bmi,
  oralAperture,
  autoantibodies,
  organInvolvement,
  treatments,
  labs,
  capillaroscopy,
  mrss,
  eustarAi2017,
  raynaudConditionScore,
  raynaudVas,
  haqDi,
  sscHaq,
  chfs,
];

export function findInstrument(id: string): InstrumentDefinition | undefined {
  return INSTRUMENTS.find((i) => i.id === id);
}

export function getInstrument(id: string): InstrumentDefinition {
  const found = findInstrument(id);
  if (!found) {
    throw new ManusError('bad_request', `Unknown instrument ${id}`, [
      {
        path: 'instrument',
        code: 'invalid_option',
        message: `one of: ${INSTRUMENTS.map((i) => i.id).join(', ')}`,
      },
    ]);
  }
  return found;
}
