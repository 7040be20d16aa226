/**
 * A small export snapshot for the standards exports' tests (ODM, FHIR): two participants (one per arm), scored and
 * unscored forms with a history, an exam with two series, a final reading with lesions, and sodium ROIs.
 */
import type { SeriesSummary } from '../imaging/records.ts';
import { getInstrument } from '../instruments/registry.ts';
import { normalReading, withFindings } from '../reading/testing.ts';
import { NCT04223817 } from '../study/protocol.ts';
import type { ExportForm, ExportSnapshot, FormHistoryEntry } from './snapshot.ts';

const series = (
  uid: string,
  description: string,
  nucleus: '1H' | '23NA',
  instances: number,
): SeriesSummary => ({
  id: `series-${uid}`,
  format: 'dicom',
  studyInstanceUid: '2.25.100',
  seriesInstanceUid: uid,
  seriesNumber: Number(uid.split('.').at(-1)),
  seriesDescription: description,
  modality: 'MR',
  nucleus,
  rows: 16,
  columns: 16,
  frames: 1,
  instances,
  burnedInSuspect: false,
  acquisition: {},
});

function form(
  participantCode: string,
  visitCode: string,
  instrumentId: string,
  history: Omit<FormHistoryEntry, 'seq' | 'username' | 'role' | 'action' | 'reason'>[],
  total: number | null,
): ExportForm {
  const definition = getInstrument(instrumentId);
  const last = history.at(-1)!;
  return {
    id: `form-${participantCode}-${instrumentId}`,
    participantCode,
    visitCode,
    instrumentId,
    definitionVersion: definition.version,
    status: last.status,
    variant: null,
    values: last.values,
    missingCodes: last.missingCodes,
    score:
      definition.kind === 'scored'
        ? {
            instrument: instrumentId,
            version: definition.version,
            variant: null,
            total,
            complete: total !== null,
            missing: [],
            interpretation: null,
          }
        : null,
    verifiedBy: null,
    verifiedAt: null,
    signature: null,
    createdAt: history[0]!.at,
    updatedAt: last.at,
    history: history.map((entry, index) => ({
      ...entry,
      seq: index + 1,
      username: 'investigator',
      role: 'investigator',
      action: index === 0 ? 'form.create' : 'form.update',
      reason: index === 0 ? null : 'Correction',
    })),
  };
}

export function standardsSnapshot(): ExportSnapshot {
  const reading = withFindings(normalReading(), [
    { site: 'R.MCP2', item: 'synovitis', value: 2 },
    { site: 'R.MCP3', item: 'erosion', value: 1 },
  ]);
  return {
    generatedAt: '2026-12-06T12:00:00.000Z',
    manusVersion: '0.0.0-test',
    identified: false,
    study: {
      id: 'study-1',
      nctId: NCT04223817.nctId,
      protocol: NCT04223817,
      synthetic: true,
      siteCode: NCT04223817.site.code,
      siteName: NCT04223817.site.name,
    },
    users: [{ id: 'u1', username: 'investigator', displayName: 'Dr Investigator', role: 'investigator' }],
    participants: (['P-0001', 'P-0002'] as const).map((code, index) => ({
      id: `p${index + 1}`,
      code,
      arm: index === 0 ? 'ssc' : 'control',
      status: index === 0 ? 'included' : 'completed',
      siteCode: NCT04223817.site.code,
      screeningDate: '2025-01-10',
      inclusionDate: '2025-01-12',
      endDate: index === 0 ? null : '2025-02-01',
      synthetic: true,
      dateShiftDays: -30,
      statusChanges: [],
      visits: [],
      consents: [],
      identity: null,
    })),
    forms: [
      form(
        'P-0001',
        'V0',
        'demographics',
        [
          {
            at: '2025-01-10T09:00:00.000Z',
            status: 'complete',
            values: { sex: 'female', mri_date: '2025-01-20' },
            missingCodes: {},
          },
        ],
        null,
      ),
      form(
        'P-0001',
        'V1',
        'mrss',
        [
          { at: '2025-01-20T09:00:00.000Z', status: 'in_progress', values: { face: 1 }, missingCodes: {} },
          {
            at: '2025-01-20T10:00:00.000Z',
            status: 'complete',
            values: { face: 2, anterior_chest: 1 },
            missingCodes: {},
          },
        ],
        3,
      ),
      form(
        'P-0002',
        'V0',
        'demographics',
        [
          {
            at: '2025-01-11T09:00:00.000Z',
            status: 'in_progress',
            values: { sex: 'male' },
            missingCodes: { mri_date: 'NASK' },
          },
        ],
        null,
      ),
    ],
    exams: [
      {
        id: 'exam-1',
        participantCode: 'P-0001',
        examCode: 'MR-AAAA',
        visitCode: 'V1',
        acquiredAt: '2025-01-20T08:00:00.000Z',
        hands: 'both',
        scanner: 'Siemens MAGNETOM Terra 7T',
        status: 'complete',
        series: [series('2.25.100.1', 'T1 VIBE', '1H', 16), series('2.25.100.2', '23Na UTE', '23NA', 16)],
      },
    ],
    readings: [
      {
        examCode: 'MR-AAAA',
        participantCode: 'P-0001',
        status: 'final',
        final: {
          kind: 'agreed',
          findings: [...reading.findings],
          comments: '',
          finalizedAt: '2025-01-22T08:00:00.000Z',
        },
        reads: [],
      },
    ],
    sodium: [
      {
        participantCode: 'P-0001',
        examCode: 'MR-AAAA',
        quantificationId: 'q1',
        recordedAt: '2025-01-23T08:00:00.000Z',
        label: 3,
        name: 'R MCP2',
        kind: 'joint',
        voxels: 40,
        volumeMm3: 12.5,
        concentrationMmol: { mean: 31.25, sd: 4.5, median: 30.5 },
      },
    ],
    sodiumQuantifications: [
      {
        id: 'q1',
        participantCode: 'P-0001',
        examCode: 'MR-AAAA',
        recordedAt: '2025-01-23T08:00:00.000Z',
        calibration: { slope: 2, intercept: 0, r2: 1, noiseSigma: null, references: [] },
        parameters: { manusVersion: 'test', noiseCorrection: false },
      },
    ],
    analysisSet: [
      { code: 'P-0001', arm: 'ssc', analysed: true, reason: null, detail: null },
      { code: 'P-0002', arm: 'control', analysed: false, reason: 'no_mri', detail: null },
    ],
  };
}
