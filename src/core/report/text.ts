/**
 * The words of the outcome report in English and French: section headings, column headers, the names of the
 * abnormalities, arms and exclusion reasons. The web outcomes page shows the same tables, so it takes its headings
 * from here too, and only its controls (filters, buttons) from the web catalogs.
 */
import type { ExclusionReason, PrimaryAbnormality, SiteLevel } from '../analysis/types.ts';
import { readingItem } from '../reading/items.ts';
import { NCT04223817, type Arm, type LocalizedText } from '../study/protocol.ts';
import type { Lang } from './format.ts';

const t = (en: string, fr: string): LocalizedText => ({ en, fr });

export const REPORT_TEXT = {
  title: t('Outcome report', 'Rapport des critères de jugement'),
  synthetic: t(
    'Synthetic demo data — not real patients',
    'Données de démonstration synthétiques — pas de vrais patients',
  ),
  generated: t('Generated', 'Généré le'),
  contents: t('Contents', 'Sommaire'),
  provenance: t('Provenance', 'Provenance'),
  snapshot: t('Data snapshot (SHA-256)', 'Instantané des données (SHA-256)'),
  software: t('Software version', 'Version du logiciel'),
  adjust: t('Multiplicity adjustment', 'Ajustement pour la multiplicité'),
  family: t('Families of tests', 'Familles de tests'),
  confidence: t('Confidence level', 'Niveau de confiance'),
  threshold: t('Lesion threshold', 'Seuil de lésion'),
  analysisSet: t('Analysis set', 'Population analysée'),
  analysedCount: t('Participants analysed', 'Participants analysés'),
  excludedCount: t('Participants excluded', 'Participants exclus'),
  baseline: t('Table 1. Baseline characteristics', 'Tableau 1. Caractéristiques initiales'),
  primary: t('Primary outcome', 'Critère de jugement principal'),
  primaryAny: t(
    'Participants with at least one lesion, by abnormality',
    'Participants ayant au moins une lésion, par anomalie',
  ),
  primarySites: t('By localisation', 'Par localisation'),
  heatmaps: t('Lesion frequency by site', 'Fréquence des lésions par site'),
  secondary: t('Secondary outcomes', 'Critères de jugement secondaires'),
  arterial: t('Arterial pattern', 'Atteinte artérielle'),
  arteries: t('Arteries', 'Artères'),
  fingers: t('Fingers', 'Doigts'),
  leydenChang: t('Leyden/Chang type', 'Type de Leyden/Chang'),
  venous: t('Venous return', 'Retour veineux'),
  correlations: t('Involvement and clinical factors in SSc', 'Atteinte et facteurs cliniques dans la ScS'),
  sodium: t('Articular sodium', 'Sodium articulaire'),
  readingQuality: t('Reading quality', 'Qualité de la lecture'),
  withinDeadline: t('Final reading within the deadline', 'Lecture finale dans le délai'),
  daysToFinal: t('Days from MRI to final reading', 'Jours entre l’IRM et la lecture finale'),
  agreement: t('Inter-reader agreement', 'Accord inter-lecteurs'),
  exclusions: t('Participants not analysed', 'Participants non analysés'),
  noRows: t('No data yet.', 'Pas encore de données.'),
  // Column headers.
  variable: t('Variable', 'Variable'),
  abnormality: t('Abnormality', 'Anomalie'),
  site: t('Site', 'Site'),
  level: t('Level', 'Niveau'),
  difference: t('Difference, points [CI]', 'Différence, points [IC]'),
  oddsRatio: t('Odds ratio [CI]', 'Rapport de cotes [IC]'),
  pValue: t('p', 'p'),
  pAdjusted: t('Adjusted p', 'p ajusté'),
  missing: t('Missing (SSc/control)', 'Manquants (ScS/témoin)'),
  test: t('Test', 'Test'),
  unit: t('Unit', 'Unité'),
  factor: t('Factor', 'Facteur'),
  measure: t('Involvement', 'Atteinte'),
  n: t('n', 'n'),
  spearman: t('Spearman ρ [CI]', 'ρ de Spearman [IC]'),
  mannWhitney: t('Mann–Whitney p (r)', 'Mann–Whitney p (r)'),
  fisher: t('Fisher OR [CI], p', 'Fisher RC [IC], p'),
  joint: t('Joint', 'Articulation'),
  meanSd: t('mean ± SD', 'moyenne ± ET'),
  medianIqr: t('median [IQR]', 'médiane [EIQ]'),
  welch: t('Welch difference [CI], p', 'Welch différence [IC], p'),
  item: t('Item', 'Item'),
  pairs: t('Pairs', 'Paires'),
  kappa: t('Kappa', 'Kappa'),
  weighting: t('Weighting', 'Pondération'),
  participant: t('Participant', 'Participant'),
  reason: t('Reason', 'Motif'),
  detail: t('Detail', 'Détail'),
  arm: t('Arm', 'Bras'),
  footer: t('Page {n} of {total}', 'Page {n} sur {total}'),
} satisfies Record<string, LocalizedText>;

export type ReportTextKey = keyof typeof REPORT_TEXT;

export const reportText = (key: ReportTextKey, lang: Lang): string => REPORT_TEXT[key][lang];

export const armLabel = (arm: Arm, lang: Lang): string =>
  NCT04223817.arms.find((definition) => definition.code === arm)?.label[lang] ?? arm;

export const abnormalityLabel = (abnormality: PrimaryAbnormality, lang: Lang): string =>
  readingItem(abnormality).label[lang];

export const LEVEL_LABELS: Record<SiteLevel, LocalizedText> = {
  any: t('Any site', 'Tout site'),
  site: t('Per hand', 'Par main'),
  pooled: t('Left and right pooled', 'Gauche et droite regroupées'),
};

export const EXCLUSION_LABELS: Record<ExclusionReason, LocalizedText> = {
  not_included: t('Not included', 'Non inclus'),
  withdrawn: t('Withdrawn', 'Sorti de l’étude'),
  no_mri: t('No MRI', 'Pas d’IRM'),
  no_final_reading: t('No final reading', 'Pas de lecture finale'),
  non_diagnostic_images: t('Non-diagnostic images', 'Images non diagnostiques'),
  incomplete_reading: t('Incomplete reading', 'Lecture incomplète'),
};

/** Header of an arm's column: `Systemic sclerosis (N = 28)`. */
export const armHeader = (arm: Arm, lang: Lang, N?: number): string =>
  N === undefined ? armLabel(arm, lang) : `${armLabel(arm, lang)} (N = ${N})`;
