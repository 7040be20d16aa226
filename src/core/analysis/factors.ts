/**
 * The clinical variables of Table 1 and of the correlation analysis, each read from the forms as the instruments
 * store them (item values, and the derived fields of their scores: age, disease duration, canonical lab units,
 * treatments at the MRI). Binary variables are yes/no questions, categorical ones list their levels; a variable the
 * form does not hold is missing (null), never a default.
 */
import type { Arm, LocalizedText } from '../study/protocol.ts';
import type { LatestFormRecord } from './input.ts';

type Forms = Readonly<Record<string, LatestFormRecord>>;

interface VariableBase {
  id: string;
  label: LocalizedText;
  /** Arms the protocol collects it in. */
  arms: readonly Arm[];
  /** In Table 1. */
  baseline: boolean;
  /** A factor of the correlation analysis in SSc patients. */
  factor: boolean;
}

export type ClinicalVariable =
  | (VariableBase & { kind: 'continuous'; unit: string | null; read: (forms: Forms) => number | null })
  | (VariableBase & { kind: 'binary'; read: (forms: Forms) => boolean | null })
  | (VariableBase & {
      kind: 'categorical';
      levels: readonly { value: string; label: LocalizedText }[];
      read: (forms: Forms) => string | null;
    });

const text = (en: string, fr: string): LocalizedText => ({ en, fr });
const BOTH: readonly Arm[] = ['ssc', 'control'];
const SSC: readonly Arm[] = ['ssc'];

const numberOr = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const booleanOr = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
const stringOr = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const item = (forms: Forms, instrument: string, id: string): unknown => forms[instrument]?.values[id];
const scored = (forms: Forms, instrument: string, field: string): unknown =>
  forms[instrument]?.score?.[field];

const continuous = (
  id: string,
  label: LocalizedText,
  unit: string | null,
  arms: readonly Arm[],
  read: (forms: Forms) => unknown,
  roles: { baseline: boolean; factor: boolean },
): ClinicalVariable => ({
  id,
  label,
  unit,
  arms,
  kind: 'continuous',
  ...roles,
  read: (f) => numberOr(read(f)),
});

const binary = (
  id: string,
  label: LocalizedText,
  arms: readonly Arm[],
  read: (forms: Forms) => unknown,
  roles: { baseline: boolean; factor: boolean },
): ClinicalVariable => ({ id, label, arms, kind: 'binary', ...roles, read: (f) => booleanOr(read(f)) });

const positive = (instrument: string, id: string) => (forms: Forms) => {
  const value = item(forms, instrument, id);
  return value === 'positive' ? true : value === 'negative' ? false : null;
};

const BOTH_ROLES = { baseline: true, factor: true };
const FACTOR_ONLY = { baseline: false, factor: true };

export const CLINICAL_VARIABLES: readonly ClinicalVariable[] = [
  continuous(
    'age',
    text('Age', 'Âge'),
    'years',
    BOTH,
    (f) => scored(f, 'demographics', 'age_years'),
    BOTH_ROLES,
  ),
  {
    id: 'sex',
    label: text('Sex', 'Sexe'),
    arms: BOTH,
    kind: 'categorical',
    baseline: true,
    factor: false,
    levels: [
      { value: 'female', label: text('Female', 'Féminin') },
      { value: 'male', label: text('Male', 'Masculin') },
    ],
    read: (f) => stringOr(item(f, 'demographics', 'sex')),
  },
  binary(
    'female',
    text('Female sex', 'Sexe féminin'),
    BOTH,
    (f) => {
      const sex = item(f, 'demographics', 'sex');
      return sex === 'female' ? true : sex === 'male' ? false : null;
    },
    FACTOR_ONLY,
  ),
  continuous(
    'bmi',
    text('Body mass index', 'Indice de masse corporelle'),
    'kg/m²',
    BOTH,
    (f) => f.bmi?.score?.total,
    BOTH_ROLES,
  ),
  {
    id: 'smoking',
    label: text('Smoking', 'Tabagisme'),
    arms: BOTH,
    kind: 'categorical',
    baseline: true,
    factor: false,
    levels: [
      { value: 'active', label: text('Active smoker', 'Fumeur actif') },
      { value: 'former', label: text('Former smoker', 'Ancien fumeur') },
      { value: 'never', label: text('Never smoker', 'Non-fumeur') },
    ],
    read: (f) => stringOr(item(f, 'smoking', 'smoking_status')),
  },
  binary(
    'ever_smoker',
    text('Ever smoker', 'Fumeur actif ou ancien'),
    BOTH,
    (f) => {
      const status = item(f, 'smoking', 'smoking_status');
      return status === 'active' || status === 'former' ? true : status === 'never' ? false : null;
    },
    FACTOR_ONLY,
  ),
  continuous(
    'disease_duration',
    text(
      'Disease duration (since the first non-Raynaud symptom)',
      'Durée de la maladie (depuis le premier signe non Raynaud)',
    ),
    'years',
    SSC,
    (f) => scored(f, 'ssc-history', 'disease_duration_years'),
    BOTH_ROLES,
  ),
  {
    id: 'leroy_subset',
    label: text('LeRoy cutaneous subset', 'Forme cutanée (LeRoy)'),
    arms: SSC,
    kind: 'categorical',
    baseline: true,
    factor: false,
    levels: [
      { value: 'limited', label: text('Limited cutaneous', 'Cutanée limitée') },
      { value: 'diffuse', label: text('Diffuse cutaneous', 'Cutanée diffuse') },
    ],
    read: (f) => stringOr(item(f, 'ssc-history', 'cutaneous_subset')),
  },
  binary(
    'diffuse_subset',
    text('Diffuse cutaneous subset', 'Forme cutanée diffuse'),
    SSC,
    (f) => {
      const subset = item(f, 'ssc-history', 'cutaneous_subset');
      return subset === 'diffuse' ? true : subset === 'limited' ? false : null;
    },
    FACTOR_ONLY,
  ),
  continuous(
    'mrss',
    text('Modified Rodnan skin score', 'Score de Rodnan modifié'),
    null,
    SSC,
    (f) => f.mrss?.score?.total,
    BOTH_ROLES,
  ),
  continuous(
    'eustar_ai',
    text('EUSTAR activity index', "Indice d'activité EUSTAR"),
    null,
    SSC,
    (f) => f['eustar-ai-2017']?.score?.total,
    FACTOR_ONLY,
  ),
  binary(
    'digital_ulcers',
    text('Digital ulcers (ever)', 'Ulcères digitaux (antécédent)'),
    SSC,
    (f) => item(f, 'organ-involvement', 'digital_ulcers_gangrene_amputation'),
    BOTH_ROLES,
  ),
  binary(
    'calcinosis',
    text('Calcinosis (clinical)', 'Calcinose (clinique)'),
    SSC,
    (f) => item(f, 'organ-involvement', 'calcinosis'),
    BOTH_ROLES,
  ),
  continuous(
    'raynaud_condition_score',
    text('Raynaud condition score', 'Score de Raynaud (RCS)'),
    null,
    SSC,
    (f) => f['raynaud-condition-score']?.score?.total,
    FACTOR_ONLY,
  ),
  continuous(
    'raynaud_vas',
    text('Raynaud VAS', 'EVA Raynaud'),
    'cm',
    SSC,
    (f) => f['raynaud-vas']?.score?.total,
    FACTOR_ONLY,
  ),
  continuous(
    'ssc_haq',
    text('SSc-HAQ', 'SSc-HAQ'),
    null,
    SSC,
    (f) => f['ssc-haq']?.score?.total,
    FACTOR_ONLY,
  ),
  continuous(
    'cochin',
    text('Cochin hand function scale', 'Échelle de Cochin'),
    null,
    SSC,
    (f) => f.chfs?.score?.total,
    FACTOR_ONLY,
  ),
  binary(
    'scleroderma_capillaroscopy',
    text('Scleroderma capillaroscopic pattern', 'Aspect capillaroscopique sclérodermique'),
    SSC,
    (f) => scored(f, 'capillaroscopy', 'scleroderma_pattern'),
    FACTOR_ONLY,
  ),
  binary(
    'anticentromere',
    text('Anti-centromere antibodies', 'Anticorps anti-centromère'),
    SSC,
    positive('autoantibodies', 'anticentromere'),
    BOTH_ROLES,
  ),
  binary(
    'anti_topoisomerase',
    text('Anti-topoisomerase I antibodies', 'Anticorps anti-topoisomérase I'),
    SSC,
    positive('autoantibodies', 'anti_topoisomerase_i'),
    BOTH_ROLES,
  ),
  binary(
    'anti_rnap3',
    text('Anti-RNA polymerase III antibodies', 'Anticorps anti-ARN polymérase III'),
    SSC,
    positive('autoantibodies', 'anti_rna_polymerase_iii'),
    BOTH_ROLES,
  ),
  binary(
    'antiphospholipid',
    text('Antiphospholipid antibodies', 'Anticorps antiphospholipides'),
    SSC,
    (f) => scored(f, 'autoantibodies', 'antiphospholipid_positive'),
    BOTH_ROLES,
  ),
  binary(
    'raynaud_phenomenon',
    text('Raynaud’s phenomenon', 'Phénomène de Raynaud'),
    SSC,
    (f) => item(f, 'organ-involvement', 'raynaud_phenomenon'),
    BOTH_ROLES,
  ),
  binary(
    'interstitial_lung_disease',
    text('Interstitial lung disease', 'Pneumopathie interstitielle'),
    SSC,
    (f) => item(f, 'organ-involvement', 'interstitial_lung_disease'),
    BOTH_ROLES,
  ),
  binary(
    'pulmonary_hypertension',
    text('Pulmonary arterial hypertension', 'Hypertension artérielle pulmonaire'),
    SSC,
    (f) => item(f, 'organ-involvement', 'pulmonary_arterial_hypertension'),
    BOTH_ROLES,
  ),
  binary(
    'gi_involvement',
    text('Gastrointestinal involvement', 'Atteinte digestive'),
    SSC,
    (f) => {
      const upper = item(f, 'organ-involvement', 'upper_gi_involvement');
      const lower = item(f, 'organ-involvement', 'lower_gi_involvement');
      if (upper === true || lower === true) return true;
      return upper === false && lower === false ? false : null;
    },
    BOTH_ROLES,
  ),
  binary(
    'renal_crisis',
    text('Scleroderma renal crisis', 'Crise rénale sclérodermique'),
    SSC,
    (f) => item(f, 'organ-involvement', 'renal_crisis'),
    BOTH_ROLES,
  ),
  binary(
    'arthritis',
    text('Arthritis', 'Arthrite'),
    SSC,
    (f) => item(f, 'organ-involvement', 'arthritis'),
    BOTH_ROLES,
  ),
  binary(
    'myopathy',
    text('Inflammatory myopathy', 'Myopathie inflammatoire'),
    SSC,
    (f) => item(f, 'organ-involvement', 'myopathy'),
    BOTH_ROLES,
  ),
  binary(
    'telangiectasia',
    text('Telangiectasia', 'Télangiectasies'),
    SSC,
    (f) => item(f, 'organ-involvement', 'telangiectasia'),
    BOTH_ROLES,
  ),
  continuous(
    'interlabial_distance',
    text('Interlabial distance (mouth opening)', 'Distance interlabiale (ouverture buccale)'),
    'cm',
    SSC,
    (f) => scored(f, 'oral-aperture', 'interlabial_distance_cm'),
    FACTOR_ONLY,
  ),
  continuous(
    'nt_probnp',
    text('NT-proBNP', 'NT-proBNP'),
    'ng/mL',
    SSC,
    (f) => scored(f, 'labs', 'nt_probnp_ng_ml'),
    FACTOR_ONLY,
  ),
  continuous(
    'troponin',
    text('Troponin', 'Troponine'),
    'ng/mL',
    SSC,
    (f) => scored(f, 'labs', 'troponin_ng_ml'),
    FACTOR_ONLY,
  ),
  continuous(
    'crp',
    text('C-reactive protein', 'Protéine C réactive'),
    'mg/L',
    SSC,
    (f) => scored(f, 'labs', 'crp_mg_l'),
    FACTOR_ONLY,
  ),
  binary(
    'immunosuppressant',
    text('Immunosuppressant at the MRI', "Immunosuppresseur à l'IRM"),
    SSC,
    (f) => scored(f, 'treatments', 'immunosuppressant_at_mri'),
    BOTH_ROLES,
  ),
  binary(
    'vasoactive',
    text('Vasoactive drug at the MRI', "Vasoactif à l'IRM"),
    SSC,
    (f) => scored(f, 'treatments', 'vasoactive_at_mri'),
    BOTH_ROLES,
  ),
];
