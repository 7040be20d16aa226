import { describe, expect, it } from 'vitest';
import type { ExportSodiumQuantification } from '../snapshot.ts';
import { standardsSnapshot } from '../standards-fixture.ts';
import { placeExams } from './layout.ts';
import { planSodiumMaps, sodiumDerivativeReadme, sodiumMapSidecar } from './sodium-maps.ts';

const snapshot = standardsSnapshot();
const exam = snapshot.exams.find((e) => e.examCode === 'MR-AAAA')!;
const sodiumSeries = exam.series.find((s) => s.nucleus === '23NA')!;
const quantification = snapshot.sodiumQuantifications[0]!;
const place = (series = exam.series) => placeExams('P-0001', [{ ...exam, series }]);
const plan = (parameters: ExportSodiumQuantification['parameters'], placed = place()) =>
  planSodiumMaps(placed, [{ ...quantification, parameters }]);
const jobRequest = (seriesInstanceUid: string) => ({
  sodium: { seriesInstanceUid },
  labels: { uploadKey: 'labels-key' },
  legend: {},
  relaxation: null,
  receiveField: { seriesInstanceUid: '1.2.3' },
  transmitField: null,
  noiseCorrection: true,
});

describe('BIDS sodium concentration maps', () => {
  it('maps the one 23Na series of an exam quantified by an uploaded report without corrections', () => {
    const { maps, without } = plan({ manusVersion: 'test', noiseCorrection: false });
    expect(without).toEqual([]);
    expect(maps.map((m) => [m.source.series.seriesInstanceUid, m.path, m.job])).toEqual([
      [
        sodiumSeries.seriesInstanceUid,
        'derivatives/manus-sodium/sub-P0001/ses-1/anat/sub-P0001_ses-1_acq-23Na_desc-concentration_PDmap',
        null,
      ],
    ]);
    const sidecar = JSON.parse(sodiumMapSidecar(maps[0]!)) as Record<string, unknown>;
    expect(sidecar).toMatchObject({
      Units: 'mmol/L',
      Sources: ['bids:raw:sub-P0001/ses-1/anat/sub-P0001_ses-1_acq-23Na_PDw.nii.gz'],
      SodiumQuantification: { Id: 'q1', Calibration: { SlopeSignalPerMmolL: 2, InterceptSignal: 0 } },
    });
  });

  it('maps the series a job quantified, with the job inputs to load', () => {
    const second = { ...sodiumSeries, seriesInstanceUid: '9.9.9', seriesNumber: 9 };
    const placed = place([...exam.series, second]);
    const { maps } = plan({ manusVersion: 'test', job: { id: 'j', request: jobRequest('9.9.9') } }, placed);
    expect(maps.map((m) => [m.source.path, m.job?.receiveField])).toEqual([
      ['sub-P0001/ses-1/anat/sub-P0001_ses-1_acq-23Na_run-2_PDw', { seriesInstanceUid: '1.2.3' }],
    ]);
    expect(maps[0]!.path).toMatch(/_acq-23Na_run-2_desc-concentration_PDmap$/);
  });

  it('writes no map where the calibration alone would not reproduce the quantification, and says why', () => {
    const corrected = plan({
      manusVersion: 'test',
      inputs: { receiveField: '/data/b1.nii', transmitField: null },
    });
    const relaxed = plan({ manusVersion: 'test', relaxationModel: { acquisition: {} } });
    const ambiguous = plan(
      { manusVersion: 'test' },
      place([...exam.series, { ...sodiumSeries, seriesInstanceUid: '9.9.9' }]),
    );
    const lostJob = plan({ manusVersion: 'test', job: { request: jobRequest('8.8.8') } });
    for (const plans of [corrected, relaxed, ambiguous, lostJob]) expect(plans.maps).toEqual([]);
    expect([corrected, relaxed, ambiguous, lostJob].map((p) => p.without[0]!.reason)).toEqual([
      'the uploaded quantification applied corrections whose inputs are not stored in Manus',
      'the uploaded quantification applied corrections whose inputs are not stored in Manus',
      'the exam has 2 23Na series and the uploaded quantification names none',
      'the series the quantification job measured is not a stored 23Na series of the exam',
    ]);
    expect(sodiumDerivativeReadme(ambiguous, () => 'sub-P0001/ses-1')).toContain(
      '- sub-P0001/ses-1: the exam has 2 23Na series',
    );
  });
});
