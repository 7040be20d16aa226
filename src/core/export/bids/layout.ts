/**
 * The BIDS layout of the images (BIDS 1.9.0, the newest release both validators know): subject labels from the
 * participant codes, one session per MRI exam in acquisition order, and each stored series named by its contrast —
 * `T1w`, `T2w`, `T2starw` or `PDw` read from the series description, `acq-23Na` for sodium (the `nuc-` entity is
 * allowed only in `mrs`, ../shared/reference/exports-and-report.md trap 8), `acq-fatsat` for fat-saturated series,
 * and `run-<n>` when two series would otherwise share a name. A series whose contrast cannot be read goes to
 * `extra/`, which `.bidsignore` lists, rather than under a suffix that would misdescribe it.
 */
import type { SeriesSummary } from '../../imaging/records.ts';
import type { ExportExam } from '../snapshot.ts';

export const BIDS_VERSION = '1.9.0';

/** BIDS labels are letters and digits only: `P-0001` → `P0001`. */
export const bidsLabel = (value: string) => value.replace(/[^A-Za-z0-9]/g, '');

export const subjectFolder = (participantCode: string) => `sub-${bidsLabel(participantCode)}`;

export interface PlacedSeries {
  series: SeriesSummary;
  /** Path of the image without `.nii.gz` (the sidecar adds `.json`), relative to the dataset root. */
  path: string;
  /** False for series put in `extra/` (no recognisable contrast). */
  bids: boolean;
}

export interface PlacedExam {
  exam: ExportExam;
  session: string;
  series: PlacedSeries[];
}

function contrast(series: SeriesSummary): { suffix: string; acq: string | null } | null {
  const description = series.seriesDescription;
  const fatsat = /fat.?sat|\bFS\b/i.test(description) ? 'fatsat' : null;
  if (series.nucleus === '23NA') return { suffix: 'PDw', acq: '23Na' };
  if (/T1/i.test(description)) return { suffix: 'T1w', acq: fatsat };
  if (/T2\*|T2star/i.test(description)) return { suffix: 'T2starw', acq: fatsat };
  if (/T2/i.test(description)) return { suffix: 'T2w', acq: fatsat };
  if (/\bPD|proton density/i.test(description)) return { suffix: 'PDw', acq: fatsat };
  return null;
}

/** Where every series of a participant's exams goes. */
export function placeExams(participantCode: string, exams: readonly ExportExam[]): PlacedExam[] {
  const subject = subjectFolder(participantCode);
  const ordered = [...exams].sort((a, b) => (a.acquiredAt ?? '').localeCompare(b.acquiredAt ?? ''));
  return ordered.map((exam, index) => {
    const session = `ses-${index + 1}`;
    const stems = exam.series.map((series) => {
      const found = contrast(series);
      if (!found) return null;
      return `${subject}_${session}${found.acq ? `_acq-${found.acq}` : ''}`.concat(`|${found.suffix}`);
    });
    const counts = new Map<string, number>();
    for (const stem of stems) if (stem) counts.set(stem, (counts.get(stem) ?? 0) + 1);
    const runs = new Map<string, number>();
    const placed = exam.series.map((series, i): PlacedSeries => {
      const stem = stems[i];
      if (!stem) {
        const name = bidsLabel(series.seriesDescription) || 'series';
        return {
          series,
          path: `extra/${subject}/${session}/${subject}_${session}_${name}_${bidsLabel(series.seriesInstanceUid).slice(-8)}`,
          bids: false,
        };
      }
      const [entities, suffix] = stem.split('|') as [string, string];
      const run = counts.get(stem)! > 1 ? (runs.get(stem) ?? 0) + 1 : null;
      if (run !== null) runs.set(stem, run);
      return {
        series,
        path: `${subject}/${session}/anat/${entities}${run !== null ? `_run-${run}` : ''}_${suffix}`,
        bids: true,
      };
    });
    return { exam, session, series: placed };
  });
}

/** Acquisition parameters as a BIDS sidecar (seconds for times, degrees, tesla), leaving out what is unknown. */
export interface SidecarFields {
  magneticFieldStrength: number | null;
  manufacturer: string | null;
  manufacturersModelName: string | null;
  repetitionTimeMs: number | null;
  echoTimeMs: number | null;
  flipAngleDeg: number | null;
  imagingFrequencyMHz: number | null;
  seriesDescription: string;
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

export function sidecar(fields: SidecarFields): Record<string, string | number> {
  const entries: [string, string | number | null][] = [
    ['MagneticFieldStrength', fields.magneticFieldStrength],
    ['Manufacturer', fields.manufacturer],
    ['ManufacturersModelName', fields.manufacturersModelName],
    ['RepetitionTime', seconds(fields.repetitionTimeMs)],
    ['EchoTime', seconds(fields.echoTimeMs)],
    ['FlipAngle', fields.flipAngleDeg],
    ['ImagingFrequency', fields.imagingFrequencyMHz],
    ['SeriesDescription', fields.seriesDescription || null],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string | number] => e[1] !== null));
}
