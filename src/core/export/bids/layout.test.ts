import { describe, expect, it } from 'vitest';
import { standardsSnapshot } from '../standards-fixture.ts';
import { bidsLabel, placeExams, sidecar } from './layout.ts';

const [exam] = standardsSnapshot().exams;
const series = (uid: string, seriesDescription: string, nucleus: '1H' | '23NA' = '1H') => ({
  ...exam!.series[0]!,
  seriesInstanceUid: uid,
  seriesDescription,
  nucleus,
});

describe('BIDS layout', () => {
  it('labels subjects with letters and digits only', () => {
    expect(bidsLabel('P-0001')).toBe('P0001');
  });

  it('names series by contrast, numbers runs only where names collide, and sets unreadable contrasts apart', () => {
    const later = { ...exam!, examCode: 'MR-BBBB', acquiredAt: '2025-06-01T08:00:00.000Z', series: [] };
    const placed = placeExams('P-0001', [
      later,
      {
        ...exam!,
        series: [
          series('1.1', 'T1 VIBE'),
          series('1.2', 'T1 VIBE repeat'),
          series('1.3', 'PD fat-sat TSE'),
          series('1.4', '23Na UTE', '23NA'),
          series('1.5', 'localizer'),
        ],
      },
    ]);
    expect(placed.map((p) => [p.exam.examCode, p.session])).toEqual([
      ['MR-AAAA', 'ses-1'],
      ['MR-BBBB', 'ses-2'],
    ]);
    expect(placed[0]!.series.map((s) => [s.path, s.bids])).toEqual([
      ['sub-P0001/ses-1/anat/sub-P0001_ses-1_run-1_T1w', true],
      ['sub-P0001/ses-1/anat/sub-P0001_ses-1_run-2_T1w', true],
      ['sub-P0001/ses-1/anat/sub-P0001_ses-1_acq-fatsat_PDw', true],
      ['sub-P0001/ses-1/anat/sub-P0001_ses-1_acq-23Na_PDw', true],
      ['extra/sub-P0001/ses-1/sub-P0001_ses-1_localizer_15', false],
    ]);
  });

  it('writes times in seconds and leaves out what is unknown', () => {
    expect(
      sidecar({
        magneticFieldStrength: 7,
        manufacturer: null,
        manufacturersModelName: null,
        repetitionTimeMs: 8.5,
        echoTimeMs: null,
        flipAngleDeg: 10,
        imagingFrequencyMHz: null,
        seriesDescription: 'T1',
      }),
    ).toEqual({ MagneticFieldStrength: 7, RepetitionTime: 0.0085, FlipAngle: 10, SeriesDescription: 'T1' });
  });
});
