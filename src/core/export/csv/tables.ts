import { READING_ITEMS, isItemId, readingItem } from '../../reading/items.ts';
import type { Finding } from '../../reading/findings.ts';
import { isAbnormal, READING_OPTIONS } from '../../reading/scale.ts';
import { FINAL_KIND_LABELS, type FinalKind } from '../../reading/task-state.ts';
import { resolveSite } from '../../reading/sites.ts';
import type { ExportSnapshot } from '../snapshot.ts';
import { instrumentTables } from './form-tables.ts';
import {
  EXCLUSION_REASON_LABELS,
  NO_YES,
  PARTICIPANT_STATUS_LABELS,
  text,
  VISIT_STATUS_LABELS,
} from './labels.ts';
import type { Cell, Table, Variable, ValueLabel } from './table.ts';

/**
 * Every table of the tidy CSV export, one per observation level: participants; each instrument's forms (and its
 * lists of records); reading findings, final and per reader; sodium concentrations per ROI; the analysis set.
 */

const PARTICIPANT = 'Manus participant record';
const READING = 'Manus MRI reading (hand-mri-reading.md)';
const SODIUM = 'Manus 23Na quantification (sodium-quantification.md)';
const ANALYSIS = 'Manus outcome analysis (manus analyze)';

const variable = (
  name: string,
  en: string,
  fr: string,
  type: Variable['type'],
  source: string,
  extra: Partial<Variable> = {},
): Variable => ({ name, label: text(en, fr), type, source, ...extra });

function participantsTable(snapshot: ExportSnapshot): Table {
  const { protocol } = snapshot.study;
  const arms: ValueLabel[] = protocol.arms.map((a) => ({ code: a.code, label: a.label }));
  const visitVariables = protocol.visits.flatMap((v) => [
    variable(
      `${v.code.toLowerCase()}_date`,
      `${v.label.en}: date`,
      `${v.label.fr} : date`,
      'date',
      PARTICIPANT,
    ),
    variable(
      `${v.code.toLowerCase()}_status`,
      `${v.label.en}: status`,
      `${v.label.fr} : statut`,
      'string',
      PARTICIPANT,
      {
        values: VISIT_STATUS_LABELS,
      },
    ),
  ]);
  const identity = [
    variable('family_name', 'Family name', 'Nom', 'string', PARTICIPANT, { identifying: true }),
    variable('given_name', 'Given name', 'Prénom', 'string', PARTICIPANT, { identifying: true }),
    variable('birth_date', 'Date of birth', 'Date de naissance', 'date', PARTICIPANT, { identifying: true }),
    variable('hospital_record_number', 'Hospital record number', 'Numéro de dossier', 'string', PARTICIPANT, {
      identifying: true,
    }),
  ];
  return {
    name: 'participants',
    title: text('Participants', 'Participants'),
    level: text('participant', 'participant'),
    variables: [
      variable('participant_code', 'Participant code', 'Code du participant', 'string', PARTICIPANT),
      variable('arm', 'Arm', 'Bras', 'string', PARTICIPANT, { values: arms }),
      variable('status', 'Status', 'Statut', 'string', PARTICIPANT, { values: PARTICIPANT_STATUS_LABELS }),
      variable('site', 'Site', 'Centre', 'string', PARTICIPANT),
      variable('screening_date', 'Screening date', 'Date de sélection', 'date', PARTICIPANT),
      variable('inclusion_date', 'Inclusion date', "Date d'inclusion", 'date', PARTICIPANT),
      variable('end_date', 'End of participation', 'Fin de participation', 'date', PARTICIPANT),
      variable('consent_date', 'Written informed consent', 'Consentement écrit', 'date', PARTICIPANT),
      variable(
        'consent_document_version',
        'Consent form version',
        'Version du formulaire de consentement',
        'string',
        PARTICIPANT,
      ),
      variable('consent_withdrawn_date', 'Consent withdrawn', 'Retrait du consentement', 'date', PARTICIPANT),
      ...visitVariables,
      ...(snapshot.identified ? identity : []),
    ],
    rows: snapshot.participants.map((p) => {
      const consent = p.consents[0];
      const visits = protocol.visits.flatMap((v) => {
        const visit = p.visits.find((x) => x.visitCode === v.code);
        return [visit?.actualDate ?? null, visit?.status ?? null];
      });
      const id = p.identity;
      return [
        p.code,
        p.arm,
        p.status,
        p.siteCode,
        p.screeningDate,
        p.inclusionDate,
        p.endDate,
        consent?.consentDate ?? null,
        consent?.documentVersion ?? null,
        consent?.withdrawnDate ?? null,
        ...visits,
        ...(snapshot.identified
          ? [
              id?.familyName ?? null,
              id?.givenName ?? null,
              id?.birthDate ?? null,
              id?.hospitalRecordNumber ?? null,
            ]
          : []),
      ];
    }),
  };
}

const ITEM_VALUES: ValueLabel[] = READING_ITEMS.map((i) => ({ code: i.id, label: i.label }));
const OPTION_VALUES: ValueLabel[] = READING_OPTIONS.map((o) => ({ code: o.value, label: o.label }));

const findingVariables: Variable[] = [
  variable('site', 'Site (anatomy id, area or series)', 'Site (structure, zone ou série)', 'string', READING),
  variable('side', 'Side', 'Côté', 'string', READING, {
    values: [
      { code: 'R', label: text('Right', 'Droite') },
      { code: 'L', label: text('Left', 'Gauche') },
    ],
  }),
  variable('site_pooled', 'Site without its side', 'Site sans le côté', 'string', READING),
  variable('item', 'Reading item', 'Item de lecture', 'string', READING, { values: ITEM_VALUES }),
  variable(
    'grade',
    'Grade (0/1 for present/absent items)',
    'Grade (0/1 pour présent/absent)',
    'integer',
    READING,
  ),
  variable('option', 'Option (choice items)', 'Option (items à choix)', 'string', READING, {
    values: OPTION_VALUES,
  }),
  variable('lesion', 'Finding (abnormal value)', 'Anomalie', 'integer', READING, { values: NO_YES }),
];

/** A finding's cells: site, side, pooled site, item, grade or 0/1, option, lesion. */
function findingCells(finding: Finding): Cell[] {
  const site = resolveSite(finding.site);
  const value = finding.value;
  const item = isItemId(finding.item) ? readingItem(finding.item) : null;
  return [
    finding.site,
    site?.side ?? null,
    site?.pooledId ?? null,
    finding.item,
    typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : null,
    typeof value === 'string' ? value : null,
    item ? (isAbnormal(item, value) ? 1 : 0) : null,
  ];
}

const examKeys: Variable[] = [
  variable('participant_code', 'Participant code', 'Code du participant', 'string', READING),
  variable('exam_code', 'MRI exam code', "Code de l'examen IRM", 'string', READING),
];

function readingTables(snapshot: ExportSnapshot): Table[] {
  return [
    {
      name: 'readings_final',
      title: text('MRI findings, final reading', 'Lecture IRM finale'),
      level: text('participant × exam × site × item', 'participant × examen × site × item'),
      variables: [
        ...examKeys,
        variable(
          'final_kind',
          'How the final reading was reached',
          'Origine de la lecture finale',
          'string',
          READING,
          {
            values: (Object.keys(FINAL_KIND_LABELS) as FinalKind[]).map((code) => ({
              code,
              label: FINAL_KIND_LABELS[code],
            })),
          },
        ),
        ...findingVariables,
      ],
      rows: snapshot.readings.flatMap((r) =>
        r.final
          ? r.final.findings.map((f) => [r.participantCode, r.examCode, r.final!.kind, ...findingCells(f)])
          : [],
      ),
    },
    {
      name: 'readings_by_reader',
      title: text('MRI findings, each submitted read', 'Lecture IRM, chaque lecture soumise'),
      level: text(
        'participant × exam × reader × site × item',
        'participant × examen × lecteur × site × item',
      ),
      variables: [
        ...examKeys,
        variable('reader', 'Reader (account)', 'Lecteur (compte)', 'string', READING),
        variable('read_kind', 'Read or adjudication', 'Lecture ou arbitrage', 'string', READING, {
          values: [
            { code: 'read', label: text('Independent read', 'Lecture indépendante') },
            { code: 'adjudication', label: text('Adjudication', 'Arbitrage') },
          ],
        }),
        ...findingVariables,
      ],
      rows: snapshot.readings.flatMap((r) =>
        r.reads.flatMap((read) =>
          read.findings.map((f) => [
            r.participantCode,
            r.examCode,
            read.reader,
            read.kind,
            ...findingCells(f),
          ]),
        ),
      ),
    },
  ];
}

function sodiumTable(snapshot: ExportSnapshot): Table {
  return {
    name: 'sodium',
    title: text('Sodium concentration per ROI', 'Concentration en sodium par ROI'),
    level: text(
      'participant × exam × ROI (joint or tissue)',
      'participant × examen × ROI (articulation ou tissu)',
    ),
    variables: [
      variable('participant_code', 'Participant code', 'Code du participant', 'string', SODIUM),
      variable('exam_code', 'MRI exam code', "Code de l'examen IRM", 'string', SODIUM),
      variable('roi_label', 'ROI label value', 'Valeur du label de la ROI', 'integer', SODIUM),
      variable('roi_name', 'ROI name', 'Nom de la ROI', 'string', SODIUM),
      variable('roi_kind', 'ROI kind', 'Type de ROI', 'string', SODIUM, {
        values: [
          { code: 'joint', label: text('Joint', 'Articulation') },
          { code: 'tissue', label: text('Reference tissue', 'Tissu de référence') },
        ],
      }),
      variable('voxels', 'Voxels', 'Voxels', 'integer', SODIUM),
      variable('volume_mm3', 'Volume', 'Volume', 'number', SODIUM, { unit: 'mm3' }),
      variable(
        'sodium_mean',
        'Sodium concentration, mean',
        'Concentration en sodium, moyenne',
        'number',
        SODIUM,
        {
          unit: 'mmol/L',
        },
      ),
      variable(
        'sodium_sd',
        'Sodium concentration, SD',
        'Concentration en sodium, écart-type',
        'number',
        SODIUM,
        {
          unit: 'mmol/L',
        },
      ),
      variable(
        'sodium_median',
        'Sodium concentration, median',
        'Concentration en sodium, médiane',
        'number',
        SODIUM,
        {
          unit: 'mmol/L',
        },
      ),
    ],
    rows: snapshot.sodium.map((r) => [
      r.participantCode,
      r.examCode,
      r.label,
      r.name,
      r.kind,
      r.voxels,
      r.volumeMm3,
      r.concentrationMmol.mean,
      r.concentrationMmol.sd,
      r.concentrationMmol.median,
    ]),
  };
}

/** The analysis set exactly as `manus analyze` decides it (src/core/analysis/analysis-set.ts): every participant. */
function analysisSetTable(snapshot: ExportSnapshot): Table {
  const { protocol } = snapshot.study;
  return {
    name: 'analysis_set',
    title: text('Analysis set', "Population d'analyse"),
    level: text('participant', 'participant'),
    variables: [
      variable('participant_code', 'Participant code', 'Code du participant', 'string', ANALYSIS),
      variable('arm', 'Arm', 'Bras', 'string', ANALYSIS, {
        values: protocol.arms.map((a) => ({ code: a.code, label: a.label })),
      }),
      variable('analysed', 'In the analysis set', "Dans la population d'analyse", 'integer', ANALYSIS, {
        values: NO_YES,
      }),
      variable('exclusion_reason', 'Why not analysed', 'Motif de non-analyse', 'string', ANALYSIS, {
        values: EXCLUSION_REASON_LABELS,
      }),
      variable(
        'exclusion_detail',
        'Why not analysed, in detail',
        'Motif de non-analyse, détail',
        'string',
        ANALYSIS,
      ),
    ],
    rows: snapshot.analysisSet.map((p) => [p.code, p.arm, p.analysed ? 1 : 0, p.reason, p.detail]),
  };
}

/** The instruments in protocol order (then any other instrument that has forms), each with its tables. */
function formTables(snapshot: ExportSnapshot): Table[] {
  const ids = [
    ...new Set([
      ...snapshot.study.protocol.forms.map((f) => f.instrument),
      ...snapshot.forms.map((f) => f.instrumentId),
    ]),
  ];
  return ids.flatMap((id) =>
    instrumentTables(
      id,
      snapshot.forms.filter((f) => f.instrumentId === id),
      snapshot.identified,
    ),
  );
}

export function tidyTables(snapshot: ExportSnapshot): Table[] {
  return [
    participantsTable(snapshot),
    ...formTables(snapshot),
    ...readingTables(snapshot),
    sodiumTable(snapshot),
    analysisSetTable(snapshot),
  ];
}
