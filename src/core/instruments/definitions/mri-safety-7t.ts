import { text } from '../item-builders.ts';
import { cautionIf, excludesIf, PROTOCOL_CITATION, screeningInstrument, screeningItem } from './screening.ts';

/**
 * 7 T MRI safety screening. The protocol's absolute contraindications (NCT04223817 exclusion criteria), then the
 * usual 7 T screening items: other active or passive implants and foreign bodies without 7 T clearance exclude;
 * tattoos, patches, jewellery and metalwork exposure call for a precaution before scanning.
 * Fagan AJ, Bitz AK, Björkman-Burtscher IM, et al. 7T MR safety. J Magn Reson Imaging 2021;53:333-46.
 */
const PROTOCOL = text('Absolute contraindications (protocol)', 'Contre-indications absolues (protocole)');
const OTHER = text('Other contraindications at 7 T', 'Autres contre-indications à 7 T');
const PRECAUTIONS = text('Precautions', 'Précautions');

const contraindication = (id: string, en: string, fr: string, help: [string, string], section = PROTOCOL) =>
  screeningItem(id, en, fr, help, excludesIf(true), section);

const precaution = (id: string, en: string, fr: string, help: [string, string]) =>
  screeningItem(id, en, fr, help, cautionIf(true), PRECAUTIONS);

export const mriSafety7t = screeningInstrument({
  id: 'mri-safety-7t',
  title: text('7 T MRI safety screening', 'Questionnaire de sécurité IRM 7 T'),
  citations: [
    PROTOCOL_CITATION,
    'Fagan AJ, Bitz AK, Björkman-Burtscher IM, et al. 7T MR safety. J Magn Reson Imaging 2021;53:333-46.',
  ],
  items: [
    contraindication('pregnancy', 'Pregnancy', 'Grossesse', [
      'Known or possible pregnancy',
      'Grossesse connue ou possible',
    ]),
    contraindication(
      'ocular_metallic_foreign_body',
      'Metallic foreign body in the eye',
      'Corps étranger métallique intraoculaire',
      ['Including a past eye injury by metal', 'Y compris un antécédent de blessure oculaire par du métal'],
    ),
    contraindication(
      'cardiac_pacemaker',
      'Cardiac pacemaker or implantable defibrillator',
      'Stimulateur cardiaque ou défibrillateur implantable',
      ['Including leads left in place', 'Y compris des sondes laissées en place'],
    ),
    contraindication(
      'neurostimulator_not_7t_compatible',
      'Neurostimulator not compatible with 7 T MRI',
      'Neurostimulateur non compatible avec l’IRM 7 T',
      ['Check the manufacturer’s 7 T labelling', 'Vérifier l’étiquetage 7 T du fabricant'],
    ),
    contraindication('cochlear_implant', 'Cochlear implant', 'Implant cochléaire', [
      'Any model',
      'Quel que soit le modèle',
    ]),
    contraindication(
      'electronic_device_implanted_under_6_weeks',
      'Electronic medical device implanted less than 6 weeks ago',
      'Dispositif médical électronique implanté depuis moins de 6 semaines',
      ['Any implanted electronic device', 'Tout dispositif électronique implanté'],
    ),
    contraindication('metallic_heart_valve', 'Metallic heart valve', 'Valve cardiaque métallique', [
      'Mechanical valve prosthesis',
      'Prothèse valvulaire mécanique',
    ]),
    contraindication(
      'old_cranial_vascular_clips',
      'Old cranial vascular clips',
      'Clips vasculaires intracrâniens anciens',
      [
        'Aneurysm clips of an older, ferromagnetic or unlabelled type',
        'Clips d’anévrisme de type ancien, ferromagnétiques ou non étiquetés',
      ],
    ),
    contraindication(
      'other_active_implant',
      'Other active implant not labelled MR-conditional at 7 T',
      'Autre implant actif non étiqueté compatible IRM à 7 T',
      ['For example an insulin or drug infusion pump', 'Par exemple une pompe à insuline ou à médicaments'],
      OTHER,
    ),
    contraindication(
      'passive_implant_not_cleared_7t',
      'Passive metallic implant not cleared for 7 T',
      'Implant métallique passif non validé à 7 T',
      [
        'Stents, coils, filters, orthopaedic hardware, joint prostheses or surgical clips without 7 T documentation, especially in the hands or forearms',
        'Stents, coils, filtres, matériel d’ostéosynthèse, prothèses articulaires ou clips chirurgicaux sans documentation à 7 T, surtout aux mains ou aux avant-bras',
      ],
      OTHER,
    ),
    contraindication(
      'metallic_foreign_body_elsewhere',
      'Metallic foreign body elsewhere in the body',
      'Corps étranger métallique ailleurs dans le corps',
      ['Shrapnel, bullet or metal fragments', 'Éclats, balle ou fragments métalliques'],
      OTHER,
    ),
    precaution(
      'metalwork_exposure',
      'Past work with metal (grinding, welding) without orbital clearance',
      'Antécédent de travail des métaux (meulage, soudure) sans bilan orbitaire',
      [
        'Orbital radiograph before scanning to rule out an ocular foreign body',
        'Radiographie des orbites avant l’examen pour éliminer un corps étranger oculaire',
      ],
    ),
    precaution(
      'tattoo_or_permanent_makeup',
      'Tattoo or permanent make-up',
      'Tatouage ou maquillage permanent',
      [
        'Risk of heating: inform the participant and monitor during the scan',
        'Risque d’échauffement : informer le participant et surveiller pendant l’examen',
      ],
    ),
    precaution('transdermal_patch', 'Transdermal medication patch', 'Patch médicamenteux transdermique', [
      'Remove before scanning',
      'Retirer avant l’examen',
    ]),
    precaution(
      'non_removable_jewellery',
      'Rings, piercings or jewellery that cannot be removed',
      'Bagues, piercings ou bijoux impossibles à retirer',
      [
        'Rings on the imaged hands must come off before scanning',
        'Les bagues des mains examinées doivent être retirées avant l’examen',
      ],
    ),
  ],
});
