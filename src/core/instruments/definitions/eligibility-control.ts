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
 * Eligibility of a control participant (protocol NCT04223817): hospitalised in the department of internal
 * medicine, without Raynaud's phenomenon, history of inflammatory rheumatism or autoimmune disease, inflammatory
 * joint symptoms in the previous month, or clinical signs of osteoarthritis or arthritis; and the criteria common to
 * both arms.
 */
const exclusion = (id: string, en: string, fr: string, help: [string, string]) =>
  screeningItem(id, en, fr, help, excludesIf(true), EXCLUSION);

const AT_INCLUSION: [string, string] = ['At the inclusion visit', 'À la visite d’inclusion'];

export const eligibilityControl = screeningInstrument({
  id: 'eligibility-control',
  title: text('Eligibility: control participant', 'Éligibilité : participant témoin'),
  citations: [PROTOCOL_CITATION],
  items: [
    screeningItem(
      'hospitalised_in_internal_medicine',
      'Hospitalised in the department of internal medicine of Poitiers University Hospital',
      'Hospitalisé(e) dans le service de médecine interne du CHU de Poitiers',
      ['Recruiting department of the study', 'Service recruteur de l’étude'],
      excludesIf(false),
      INCLUSION,
    ),
    ...COMMON_INCLUSION,
    exclusion('raynaud_phenomenon', 'Raynaud’s phenomenon', 'Phénomène de Raynaud', [
      'Present or past',
      'Actuel ou passé',
    ]),
    exclusion(
      'history_inflammatory_rheumatism',
      'History of inflammatory rheumatism',
      'Antécédent de rhumatisme inflammatoire',
      [
        'For example rheumatoid arthritis or spondyloarthritis',
        'Par exemple polyarthrite rhumatoïde ou spondyloarthrite',
      ],
    ),
    exclusion(
      'history_autoimmune_disease',
      'History of autoimmune disease',
      'Antécédent de maladie auto-immune',
      ['Systemic or organ-specific', 'Systémique ou spécifique d’organe'],
    ),
    exclusion(
      'inflammatory_joint_symptoms_last_month',
      'Inflammatory joint symptoms in the previous month',
      'Symptômes articulaires inflammatoires au cours du mois précédent',
      [
        'For example inflammatory joint pain, morning stiffness or joint swelling',
        'Par exemple arthralgies inflammatoires, raideur matinale ou gonflement articulaire',
      ],
    ),
    exclusion(
      'clinical_osteoarthritis',
      'Clinical signs of osteoarthritis',
      'Signes cliniques d’arthrose',
      AT_INCLUSION,
    ),
    exclusion(
      'clinical_arthritis',
      'Clinical signs of arthritis',
      'Signes cliniques d’arthrite',
      AT_INCLUSION,
    ),
    ...COMMON_EXCLUSION,
  ],
});
