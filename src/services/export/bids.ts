/**
 * The BIDS export: every stored series of every exam as a gzipped NIfTI volume with its JSON sidecar, written one
 * series at a time (only one volume is in memory however many exams there are), plus the dataset files and the
 * sodium derivative: ROI concentrations per session and, for each quantified 23Na series, its concentration map,
 * computed from the volume just written. Naming, dataset files and which series get a map: src/core/export/bids.
 * Each series is decoded and compressed, and each map computed, on a worker thread (./bids-maps.ts).
 */
import {
  BIDSIGNORE,
  datasetDescription,
  participantsJson,
  participantsTsv,
  readme,
  SODIUM_DERIVATIVE,
  SODIUM_DERIVATIVE_BIDSIGNORE,
  sodiumDerivativeDescription,
  sodiumRoisTsv,
} from '../../core/export/bids/dataset.ts';
import { planSodiumMaps, sodiumDerivativeReadme } from '../../core/export/bids/sodium-maps.ts';
import { readJobVolume } from '../sodium/jobs.ts';
import { withBidsWorker, writeSodiumMap } from './bids-maps.ts';
import type { EncodedSeries, SeriesBytes } from './map-worker.ts';
import { placeExams, sidecar, subjectFolder, type PlacedSeries } from '../../core/export/bids/layout.ts';
import type { ExportExam } from '../../core/export/snapshot.ts';
import type { Database } from '../../db/connection.ts';
import { findInstances } from '../../db/repositories/imaging/qido.ts';
import { findExamSeries } from '../../db/repositories/imaging/series.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import type { ExportFormat } from './formats.ts';

/** A series' stored bytes, read here and encoded on the worker. */
async function readSeries(
  db: Database,
  images: StoredImages,
  exam: ExportExam,
  uid: string,
): Promise<SeriesBytes> {
  const location = await findExamSeries(db.kysely, exam.id, uid);
  if (location.format === 'nifti')
    return { format: 'nifti', bytes: await images.readNifti(location.fileKey) };
  const files = [];
  for (const instance of await findInstances(db.kysely, location)) files.push(await images.read(instance));
  return { format: 'dicom', files };
}

const numberOf = (acquisition: Record<string, unknown>, key: string): number | null => {
  const value = acquisition[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

async function writeSeries(
  placed: PlacedSeries,
  encoded: EncodedSeries,
  write: (path: string, content: string | Uint8Array) => Promise<void>,
): Promise<string[]> {
  const { series } = placed;
  const { device } = encoded;
  const image = `${placed.path}.nii.gz`;
  const json = `${placed.path}.json`;
  await write(image, encoded.nifti);
  const fields = sidecar({
    magneticFieldStrength: device.fieldStrength,
    manufacturer: device.manufacturer,
    manufacturersModelName: device.model,
    repetitionTimeMs: numberOf(series.acquisition, 'repetitionTimeMs'),
    echoTimeMs: numberOf(series.acquisition, 'echoTimeMs'),
    flipAngleDeg: numberOf(series.acquisition, 'flipAngleDeg'),
    imagingFrequencyMHz: numberOf(series.acquisition, 'imagingFrequencyMHz'),
    seriesDescription: series.seriesDescription,
  });
  await write(json, `${JSON.stringify(fields, null, 2)}\n`);
  return [image, json];
}

export const bidsFormat: ExportFormat = {
  name: 'bids',
  description:
    'BIDS 1.9 images: every stored series as NIfTI with its JSON sidecar (acq-23Na for sodium), participants, and the sodium derivative (ROI results and concentration maps)',
  reportsProgress: true,
  async write(snapshot, context, out) {
    const files: string[] = [];
    const write = async (path: string, content: string | Uint8Array) => {
      await out.write(path, content);
      files.push(path);
    };
    await write('dataset_description.json', datasetDescription(snapshot));
    await write('README', readme(snapshot));
    await write('.bidsignore', BIDSIGNORE);
    await write('participants.tsv', participantsTsv(snapshot));
    await write('participants.json', participantsJson(snapshot));
    await write(`${SODIUM_DERIVATIVE}/dataset_description.json`, sodiumDerivativeDescription(snapshot));
    await write(`${SODIUM_DERIVATIVE}/.bidsignore`, SODIUM_DERIVATIVE_BIDSIGNORE);

    const placed = snapshot.participants.flatMap((p) =>
      placeExams(
        p.code,
        snapshot.exams.filter((e) => e.participantCode === p.code && e.series.length > 0),
      ),
    );
    const maps = planSodiumMaps(placed, snapshot.sodiumQuantifications);
    const sessionOf = new Map(
      placed.map((e) => [e.exam.examCode, `${subjectFolder(e.exam.participantCode)}/${e.session}`]),
    );
    await write(
      `${SODIUM_DERIVATIVE}/README`,
      sodiumDerivativeReadme(maps, (examCode) => sessionOf.get(examCode) ?? examCode),
    );
    const total = placed.reduce((n, e) => n + e.series.length, 0);
    let done = 0;
    context.onProgress?.(done, total);
    const images = new StoredImages(context.dataDir);
    await withBidsWorker(async (worker) => {
      for (const { exam, session, series } of placed) {
        for (const entry of series) {
          const map = maps.maps.find((m) => m.source === entry);
          const encoded = await worker.encodeSeries({
            series: await readSeries(context.database, images, exam, entry.series.seriesInstanceUid),
            keepVolume: map !== undefined,
          });
          for (const path of await writeSeries(entry, encoded, out.write.bind(out))) files.push(path);
          if (map)
            await writeSodiumMap(
              map,
              encoded.volume!,
              (source, role) => readJobVolume(context.database, images, exam.id, role, source),
              worker,
              write,
            );
          context.onProgress?.(++done, total);
        }
        const rois = snapshot.sodium.filter((r) => r.examCode === exam.examCode);
        if (rois.length > 0) {
          const subject = subjectFolder(exam.participantCode);
          await write(
            `${SODIUM_DERIVATIVE}/${subject}/${session}/${subject}_${session}_desc-sodium_rois.tsv`,
            sodiumRoisTsv(rois),
          );
        }
      }
    });
    return files;
  },
};
