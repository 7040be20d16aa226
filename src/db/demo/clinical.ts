import { favourableAnswers } from '../../core/instruments/definitions/screening.ts';
import { getInstrument } from '../../core/instruments/registry.ts';
import { scheduledForms, type Arm, type StudyProtocol } from '../../core/study/protocol.ts';

/**
 * Synthetic clinical values for the demo, consistent with each arm: controls have no Raynaud's phenomenon, SSc
 * patients meet ACR/EULAR 2013 with a limited or diffuse cutaneous profile that drives their skin score, antibodies,
 * organ involvement and treatments. Invented numbers in plausible ranges; not drawn from any real person.
 */
export interface DemoProfile {
  arm: Arm;
  subset: 'limited' | 'diffuse' | null;
  sex: 'female' | 'male';
  birthDate: string;
  /** The MRI day (planned or done), when age and durations are taken. */
  mriDate: string;
  random: () => number;
}

type Values = Record<string, unknown>;

const between = (r: () => number, min: number, max: number) => min + r() * (max - min);
const int = (r: () => number, min: number, max: number) => Math.floor(between(r, min, max + 1));
const chance = (r: () => number, p: number) => r() < p;
const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const yearsBefore = (iso: string, years: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - Math.round(years * 365.25));
  return d.toISOString().slice(0, 10);
};
const ageAt = (birth: string, on: string) => {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

/** Eligibility answers that pass, or that exclude on the item the profile names. */
export function screeningValues(instrumentId: string, profile: DemoProfile, excludedBy?: string): Values {
  const values: Values = { ...favourableAnswers(getInstrument(instrumentId)) };
  if ('age_years' in values) values.age_years = ageAt(profile.birthDate, profile.mriDate);
  if (excludedBy) values[excludedBy] = !values[excludedBy];
  return values;
}

/** One skin examination per profile, so the mRSS form and the EUSTAR index agree. */
const skinExams = new WeakMap<DemoProfile, Values>();
function mrssValues(p: DemoProfile): Values {
  const cached = skinExams.get(p);
  if (cached) return cached;
  const values = examineSkin(p);
  skinExams.set(p, values);
  return values;
}

function examineSkin(p: DemoProfile): Values {
  const r = p.random;
  const diffuse = p.subset === 'diffuse';
  const distal = (min: number, max: number) => int(r, min, max);
  return {
    face: distal(0, 1),
    anterior_chest: diffuse ? distal(0, 2) : 0,
    abdomen: diffuse ? distal(0, 1) : 0,
    fingers_right: distal(1, diffuse ? 3 : 2),
    fingers_left: distal(1, diffuse ? 3 : 2),
    hand_right: distal(diffuse ? 1 : 0, 2),
    hand_left: distal(diffuse ? 1 : 0, 2),
    forearm_right: diffuse ? distal(1, 3) : distal(0, 1),
    forearm_left: diffuse ? distal(1, 3) : distal(0, 1),
    upper_arm_right: diffuse ? distal(0, 2) : 0,
    upper_arm_left: diffuse ? distal(0, 2) : 0,
    thigh_right: diffuse ? distal(0, 1) : 0,
    thigh_left: diffuse ? distal(0, 1) : 0,
    leg_right: diffuse ? distal(0, 2) : 0,
    leg_left: diffuse ? distal(0, 2) : 0,
    foot_right: distal(0, 1),
    foot_left: distal(0, 1),
  };
}

const sumOf = (values: Values) => Object.values(values).reduce<number>((s, v) => s + (v as number), 0);

function haqItems(r: () => number, severity: number): Values {
  const ids = [
    'dressing_1',
    'dressing_2',
    'arising_1',
    'arising_2',
    'eating_1',
    'eating_2',
    'eating_3',
    'walking_1',
    'walking_2',
    'hygiene_1',
    'hygiene_2',
    'hygiene_3',
    'reach_1',
    'reach_2',
    'grip_1',
    'grip_2',
    'grip_3',
    'activities_1',
    'activities_2',
    'activities_3',
  ];
  return Object.fromEntries(ids.map((id) => [id, Math.min(3, Math.floor(r() * (severity + 1.2)))]));
}

/** Values for one scheduled form; the caller decides the visit and the form status. */
export function demoFormValues(instrumentId: string, p: DemoProfile): Values {
  const r = p.random;
  const diffuse = p.subset === 'diffuse';
  switch (instrumentId) {
    case 'demographics':
      return { sex: p.sex, birth_date: p.birthDate, mri_date: p.mriDate };
    case 'mri-safety-7t':
    case 'eligibility-ssc':
    case 'eligibility-control':
      return screeningValues(instrumentId, p);
    case 'acr-eular-2013':
      return {
        skin_thickening_proximal_mcp: diffuse,
        puffy_fingers: chance(r, 0.6),
        sclerodactyly: true,
        digital_tip_ulcers: chance(r, 0.3),
        fingertip_pitting_scars: chance(r, 0.4),
        telangiectasia: chance(r, 0.6),
        abnormal_nailfold_capillaries: true,
        pulmonary_arterial_hypertension: chance(r, 0.1),
        interstitial_lung_disease: diffuse ? chance(r, 0.6) : chance(r, 0.2),
        raynaud_phenomenon: true,
        anticentromere: !diffuse,
        anti_topoisomerase_i: diffuse,
        anti_rna_polymerase_iii: false,
        skin_thickening_sparing_fingers: false,
        better_explained_by_scleroderma_like_disorder: false,
      };
    case 'bmi':
      return {
        weight_kg: round(between(r, p.sex === 'female' ? 48 : 60, p.sex === 'female' ? 85 : 98), 1),
        height_cm: int(r, p.sex === 'female' ? 152 : 165, p.sex === 'female' ? 175 : 190),
      };
    case 'smoking': {
      const status = chance(r, 0.55) ? 'never' : chance(r, 0.65) ? 'former' : 'active';
      return status === 'never'
        ? { smoking_status: status }
        : { smoking_status: status, pack_years: round(between(r, 2, 35), 1) };
    }
    case 'ssc-history': {
      const duration = between(r, 1, 18);
      return {
        first_non_raynaud_symptom_date: yearsBefore(p.mriDate, duration),
        raynaud_onset_date: yearsBefore(p.mriDate, duration + between(r, 0.5, diffuse ? 2 : 10)),
        mri_date: p.mriDate,
        cutaneous_subset: p.subset,
        overlap_syndrome: false,
      };
    }
    case 'mrss':
      return mrssValues(p);
    case 'eustar-ai-2017':
      return {
        delta_skin: chance(r, diffuse ? 0.35 : 0.1),
        mrss: sumOf(mrssValues(p)),
        digital_ulcers: chance(r, 0.2),
        tendon_friction_rubs: diffuse && chance(r, 0.25),
        crp_mg_l: round(between(r, 0.5, diffuse ? 30 : 12), 1),
        dlco_percent_predicted: round(between(r, diffuse ? 40 : 60, 105), 0),
      };
    case 'raynaud-condition-score': {
      const days = int(r, 7, 14);
      const level = between(r, 1, 6);
      return {
        days: Array.from({ length: days }, () =>
          Math.max(0, Math.min(10, Math.round(level + between(r, -1.5, 1.5)))),
        ),
      };
    }
    case 'raynaud-vas':
      return { value: round(between(r, 1, 8), 1) };
    case 'ssc-haq': {
      const severity = diffuse ? 1.6 : 0.8;
      const vas = () => round(between(r, 0, diffuse ? 9 : 6), 1);
      return {
        ...haqItems(r, severity),
        vas_pain_cm: vas(),
        vas_raynaud_cm: vas(),
        vas_digital_ulcers_cm: vas(),
        vas_gastrointestinal_cm: vas(),
        vas_breathing_cm: vas(),
        vas_overall_cm: vas(),
      };
    }
    case 'chfs':
      return Object.fromEntries(
        Array.from({ length: 18 }, (_, i) => [
          `chfs_${i + 1}`,
          Math.min(5, Math.floor(r() * (diffuse ? 4 : 2.5))),
        ]),
      );
    case 'capillaroscopy':
      return {
        pattern: diffuse ? (chance(r, 0.5) ? 'active' : 'late') : chance(r, 0.6) ? 'early' : 'active',
        density_per_mm: round(between(r, 3, 7), 1),
        giant_capillaries: chance(r, 0.6),
        haemorrhages: chance(r, 0.4),
      };
    case 'oral-aperture':
      return { interlabial_distance_mm: round(between(r, diffuse ? 28 : 36, diffuse ? 45 : 52), 0) };
    case 'autoantibodies': {
      const sign = (positive: boolean) => (positive ? 'positive' : 'negative');
      return {
        antinuclear_antibodies: 'positive',
        anticentromere: sign(!diffuse),
        anti_topoisomerase_i: sign(diffuse),
        anti_rna_polymerase_iii: 'negative',
        anticardiolipin: sign(chance(r, 0.08)),
        anti_beta2_glycoprotein_i: sign(chance(r, 0.05)),
        lupus_anticoagulant: sign(chance(r, 0.05)),
      };
    }
    case 'organ-involvement':
      return {
        raynaud_phenomenon: true,
        digital_ulcers_gangrene_amputation: chance(r, 0.35),
        pulmonary_arterial_hypertension: chance(r, 0.08),
        interstitial_lung_disease: chance(r, diffuse ? 0.6 : 0.2),
        upper_gi_involvement: chance(r, 0.7),
        lower_gi_involvement: chance(r, 0.3),
        renal_crisis: diffuse && chance(r, 0.05),
        arthritis: chance(r, 0.15),
        myopathy: chance(r, 0.08),
        calcinosis: chance(r, diffuse ? 0.15 : 0.3),
        telangiectasia: chance(r, 0.6),
      };
    case 'treatments': {
      const started = yearsBefore(p.mriDate, between(r, 0.5, 6));
      return {
        immunosuppressants: diffuse
          ? [{ drug: chance(r, 0.6) ? 'mycophenolate' : 'methotrexate', start_date: started }]
          : [],
        vasoactive_drugs: [
          { drug: chance(r, 0.7) ? 'nifedipine' : 'amlodipine', start_date: started },
          ...(chance(r, 0.2) ? [{ drug: 'bosentan', start_date: started }] : []),
        ],
        mri_date: p.mriDate,
      };
    }
    case 'labs':
      return {
        sample_date: p.mriDate,
        // Entered in the units a French lab reports; Manus converts to the protocol's ng/mL and mg/L.
        nt_probnp: { value: round(between(r, 30, diffuse ? 600 : 250), 0), unit: 'pg/mL' },
        troponin: { value: round(between(r, 3, 14), 1), unit: 'ng/L' },
        troponin_assay: 'hs_tnt',
        crp: chance(r, 0.2)
          ? { value: round(between(r, 0.1, 2), 2), unit: 'mg/dL' }
          : { value: round(between(r, 0.5, 20), 1), unit: 'mg/L' },
      };
    default:
      throw new Error(`no demo values for ${instrumentId}`);
  }
}

/** Complete screening (V0) values that pass every criterion of the arm: for the seed and for tests. */
export function passingScreeningForms(
  protocol: StudyProtocol,
  profile: DemoProfile,
): { instrument: string; values: Values }[] {
  return scheduledForms(protocol, profile.arm)
    .filter((f) => f.visit === 'V0')
    .map((f) => ({ instrument: f.instrument, values: demoFormValues(f.instrument, profile) }));
}

/** A fixed adult profile for tests that need a participant to pass screening. */
export function testProfile(arm: Arm): DemoProfile {
  let seed = 0;
  return {
    arm,
    subset: arm === 'ssc' ? 'limited' : null,
    sex: 'female',
    birthDate: '1970-05-14',
    mriDate: '2026-03-01',
    random: () => (seed = (seed * 9301 + 49297) % 233280) / 233280,
  };
}
