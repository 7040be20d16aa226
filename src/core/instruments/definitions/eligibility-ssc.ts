import { text } from '../item-builders.ts';
import {
  COMMON_EXCLUSION,
  COMMON_INCLUSION,
  EXCLUSION,
  excludesIf,
  INCLUSION,
  PROTOCOL_CITATION,
  screeningInstrument,
  screeningItem,
} from './screening.ts';

/**
 * Eligibility of a participant with systemic sclerosis (protocol NCT04223817): ACR/EULAR 2013 classification
 * (filled from the acr-eular-2013 form), followed in the department of internal medicine, no clinical digital
 * osteoarthritis, no overlap syndrome, and the criteria common to both arms.
 */
export const eligibilitySsc = screeningInstrument({
  id: 'eligibility-ssc',
  title: text('Eligibility: systemic sclerosis participant', 'Éligibilité : participant sclérodermique'),
  citations: [PROTOCOL_CITATION],
  items: [
    screeningItem(
      'meets_acr_eular_2013',
      'Fulfils the 2013 ACR/EULAR classification criteria for systemic sclerosis',
      'Remplit les critères de classification ACR/EULAR 2013 de la sclérodermie systémique',
      [
        'Classified as systemic sclerosis on the ACR/EULAR 2013 form',
        'Classé(e) sclérodermie systémique au formulaire ACR/EULAR 2013',
      ],
      excludesIf(false),
      INCLUSION,
    ),
    screeningItem(
      'followed_in_internal_medicine',
      'Followed in the department of internal medicine of Poitiers University Hospital',
      'Suivi(e) dans le service de médecine interne du CHU de Poitiers',
      ['Recruiting department of the study', 'Service recruteur de l’étude'],
      excludesIf(false),
      INCLUSION,
    ),
    ...COMMON_INCLUSION,
    screeningItem(
      'overlap_syndrome',
      'Systemic sclerosis associated with another defined autoimmune disease (overlap syndrome)',
      'Sclérodermie systémique associée à une autre maladie auto-immune définie (syndrome de chevauchement)',
      [
        'For example myositis, lupus or rheumatoid arthritis',
        'Par exemple myosite, lupus ou polyarthrite rhumatoïde',
      ],
      excludesIf(true),
      EXCLUSION,
    ),
    screeningItem(
      'clinical_digital_osteoarthritis',
      'Clinical signs of digital osteoarthritis',
      'Signes cliniques d’arthrose digitale',
      ['For example Heberden or Bouchard nodes', 'Par exemple nodosités d’Heberden ou de Bouchard'],
      excludesIf(true),
      EXCLUSION,
    ),
    ...COMMON_EXCLUSION,
  ],
});
