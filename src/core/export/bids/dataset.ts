/**
 * The dataset-level files of the BIDS export: dataset_description.json, README, participants.tsv with its JSON
 * description, .bidsignore, and the description of the sodium derivative dataset.
 */
import type { ExportSnapshot } from '../snapshot.ts';
import { BIDS_VERSION, subjectFolder } from './layout.ts';

export const SODIUM_DERIVATIVE = 'derivatives/manus-sodium';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function datasetDescription(snapshot: ExportSnapshot): string {
  const { protocol } = snapshot.study;
  return json({
    Name: `${protocol.title.en} (${protocol.nctId})${snapshot.study.synthetic ? ', synthetic demonstration data' : ''}`,
    BIDSVersion: BIDS_VERSION,
    DatasetType: 'raw',
    License: 'Restricted: study data, shared under the study’s data-sharing agreement only',
    Authors: [protocol.sponsor],
    GeneratedBy: [{ Name: 'Manus', Version: snapshot.manusVersion }],
    ...(snapshot.identified ? {} : { HowToAcknowledge: `Cite ${protocol.nctId}.` }),
  });
}

export function sodiumDerivativeDescription(snapshot: ExportSnapshot): string {
  return json({
    Name: `Articular sodium concentration, ${snapshot.study.protocol.nctId}`,
    BIDSVersion: BIDS_VERSION,
    DatasetType: 'derivative',
    Authors: [snapshot.study.protocol.sponsor],
    // The maps' Sources name their raw image as bids:raw:<path>; the raw dataset is two folders up.
    DatasetLinks: { raw: '../../' },
    GeneratedBy: [
      { Name: 'Manus', Version: snapshot.manusVersion, Description: 'manus quantify (src/core/sodium)' },
    ],
  });
}

export function readme(snapshot: ExportSnapshot): string {
  const { protocol } = snapshot.study;
  return [
    `# ${protocol.title.en}`,
    '',
    `${protocol.nctId}, ${protocol.site.name}. Exported by Manus ${snapshot.manusVersion} on ${snapshot.generatedAt}.`,
    snapshot.identified
      ? 'Identified export: real dates.'
      : 'De-identified export: participant codes only; every date of a participant is shifted by the same number of days as inside its images.',
    snapshot.study.synthetic ? 'The data are synthetic (Manus demonstration study).' : '',
    '',
    'One session per MRI exam (`ses-1` is the first). Sodium (23Na) images carry `acq-23Na`. Series whose contrast',
    'could not be read from their description are in `extra/`, outside BIDS (listed in `.bidsignore`).',
    `Sodium ROI concentrations (one TSV per session) and concentration maps are in \`${SODIUM_DERIVATIVE}/\`.`,
    '',
  ].join('\n');
}

export const BIDSIGNORE = 'extra/\n';

/** The ROI tables have no BIDS name (BIDS has no suffix for ROI statistics); the schema validator checks the rest. */
export const SODIUM_DERIVATIVE_BIDSIGNORE = '*_desc-sodium_rois.tsv\n';

/** participants.tsv: one row per participant with images or not (BIDS lists every participant of the study). */
export function participantsTsv(snapshot: ExportSnapshot): string {
  const sexOf = new Map(
    snapshot.forms
      .filter((f) => f.instrumentId === 'demographics')
      .map((f) => [f.participantCode, typeof f.values.sex === 'string' ? f.values.sex : 'n/a']),
  );
  const rows = snapshot.participants.map((p) =>
    [subjectFolder(p.code), p.code, p.arm, sexOf.get(p.code) ?? 'n/a', p.status].join('\t'),
  );
  return `${['participant_id', 'manus_code', 'group', 'sex', 'status'].join('\t')}\n${rows.map((r) => `${r}\n`).join('')}`;
}

export function participantsJson(snapshot: ExportSnapshot): string {
  const { protocol } = snapshot.study;
  return json({
    manus_code: { Description: 'Pseudonymous participant code in Manus' },
    group: {
      Description: 'Study arm',
      Levels: Object.fromEntries(protocol.arms.map((a) => [a.code, a.label.en])),
    },
    sex: { Description: 'Sex recorded in the medical file', Levels: { female: 'Female', male: 'Male' } },
    status: { Description: 'Participant status at export time' },
  });
}

/** One session's sodium ROI results as TSV (mmol/L and mm³). */
export function sodiumRoisTsv(rois: ExportSnapshot['sodium']): string {
  const header = [
    'roi',
    'label',
    'kind',
    'voxels',
    'volume_mm3',
    'mean_mmol_l',
    'sd_mmol_l',
    'median_mmol_l',
  ];
  const rows = rois.map((r) =>
    [
      r.name,
      r.label,
      r.kind,
      r.voxels,
      r.volumeMm3,
      r.concentrationMmol.mean,
      r.concentrationMmol.sd,
      r.concentrationMmol.median,
    ].join('\t'),
  );
  return `${header.join('\t')}\n${rows.map((r) => `${r}\n`).join('')}`;
}
