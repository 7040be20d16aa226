import { ManusError } from '../../core/errors.ts';
import { zodFields } from '../../core/zod-fields.ts';
import { assertSameGrid } from '../../core/sodium/grid.ts';
import { parseLegend, parseRelaxation } from '../../core/sodium/inputs.ts';
import { quantify } from '../../core/sodium/quantify.ts';
import type { JobVolumeSource, SodiumJob } from '../../core/sodium/records.ts';
import {
  quantificationReport,
  quantificationReportSchema,
  type QuantificationUpload,
} from '../../core/sodium/report.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { deidentifyNifti } from '../../imaging/nifti/deidentify.ts';
import { readNifti } from '../../imaging/nifti/read.ts';
import { volumeFromDicom, type Volume } from '../../imaging/volume.ts';
import { runTimedTask, type TimedTask, type WorkerOutcome } from '../workers/task.ts';

/** The volumes of a job, in the order the pipeline checks them against the sodium grid. */
export const VOLUME_ROLES = ['sodium', 'labels', 'receiveField', 'transmitField'] as const;
export type VolumeRole = (typeof VOLUME_ROLES)[number];

/** A volume's stored bytes, read on the main thread (the stores are asynchronous there) and parsed on the worker. */
export type VolumeBytes = { role: VolumeRole; source: JobVolumeSource } & (
  { format: 'nifti'; bytes: Uint8Array } | { format: 'dicom'; files: Uint8Array[] }
);

export interface SodiumTask extends TimedTask {
  job: Pick<SodiumJob, 'id' | 'request'>;
  volumes: VolumeBytes[];
  /** Given by the main thread: the bundled worker does not sit where `version.ts` finds package.json. */
  manusVersion: string;
}

/** Progress notes are percentages: parsing the volumes up to 30, the pipeline's passes up to 95. */
const LOADED_PERCENT = 30;
const COMPUTED_PERCENT = 95;

export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** How the job names a volume in its provenance and its errors. */
export const sourceName = (source: JobVolumeSource): string =>
  'seriesInstanceUid' in source
    ? `series ${source.seriesInstanceUid}`
    : `uploaded label map ${source.uploadKey}`;

/** A volume that cannot be read or parsed: the job fails with the volume named. */
export function unreadableVolume(role: VolumeRole, source: JobVolumeSource, error: unknown): ManusError {
  return new ManusError(
    'bad_request',
    `Cannot read the ${role} (${sourceName(source)}): ${reasonOf(error)}`,
    [{ path: role, code: 'unreadable', message: 'must be a readable volume' }],
  );
}

/** Parses a volume read by `readJobVolume`, naming it in the error when it cannot be. */
export async function parseVolume(volume: VolumeBytes): Promise<Volume> {
  try {
    if (volume.format === 'nifti') return readNifti(volume.bytes).volume;
    return await volumeFromDicom(volume.files.map((file) => readDicom(file)));
  } catch (error) {
    throw unreadableVolume(volume.role, volume.source, error);
  }
}

/** The largest label map accepted once decompressed: 256³ voxels of 32 bits, well past any sodium grid. */
export const MAX_LABEL_MAP_BYTES = 64 * 1024 ** 2;

export interface LabelMapTask extends TimedTask {
  /** An uploaded label map, as sent (NIfTI, gzipped or not). */
  bytes: Uint8Array;
}

/**
 * Checks that an uploaded label map is a NIfTI volume and gives it back de-identified (gzipped), on a worker thread:
 * inflating, parsing and compressing a volume held the event loop for as long (`SodiumJobRunner.checkLabelMap`
 * in jobs.ts runs it).
 */
export function checkLabelMap({ channel, bytes }: LabelMapTask): Promise<WorkerOutcome<Uint8Array>> {
  return runTimedTask(channel, () => {
    readNifti(bytes, MAX_LABEL_MAP_BYTES);
    return deidentifyNifti(bytes, MAX_LABEL_MAP_BYTES);
  });
}

/**
 * The CPU-heavy part of a sodium quantification job, on the sodium worker thread (see jobs.ts): parses the volumes,
 * checks their grids, runs the pipeline and builds the report to record, with its provenance. Notes the percentage
 * done as it goes.
 */
export default function quantifySodiumTask({
  channel,
  job,
  volumes,
  manusVersion,
}: SodiumTask): Promise<WorkerOutcome<QuantificationUpload>> {
  return runTimedTask<QuantificationUpload, number>(channel, async (note) => {
    const { request } = job;
    const legend = parseLegend(request.legend);
    const relaxation = request.relaxation === null ? undefined : parseRelaxation(request.relaxation);
    const parsed = new Map<VolumeRole, Volume>();
    for (const bytes of volumes) {
      const volume = await parseVolume(bytes);
      const sodium = parsed.get('sodium');
      if (sodium) assertSameGrid(sodium, volume, bytes.role);
      parsed.set(bytes.role, volume);
      note(Math.round((LOADED_PERCENT * parsed.size) / volumes.length));
    }
    const sodium = parsed.get('sodium')!;
    const receive = parsed.get('receiveField')?.data;
    const transmit = parsed.get('transmitField')?.data;
    const result = quantify({
      grid: sodium,
      sodium: sodium.data,
      labels: parsed.get('labels')!.data,
      legend,
      ...(receive ? { receive } : {}),
      ...(transmit ? { transmit } : {}),
      ...(relaxation ? { relaxation } : {}),
      noiseCorrection: request.noiseCorrection,
      onProgress: (done, total) =>
        note(LOADED_PERCENT + Math.round(((COMPUTED_PERCENT - LOADED_PERCENT) * done) / total)),
    });
    const named = (source: JobVolumeSource | null): string | null =>
      source === null ? null : sourceName(source);
    const report = quantificationReport(result, {
      manusVersion,
      inputs: {
        sodium: named(request.sodium)!,
        labels: named(request.labels)!,
        legend: `job ${job.id}`,
        receiveField: named(request.receiveField),
        transmitField: named(request.transmitField),
        relaxation: request.relaxation === null ? null : `job ${job.id}`,
      },
      noiseCorrection: request.noiseCorrection,
      relaxationModel: relaxation ?? null,
      grid: sodium,
      out: null,
    });
    // The job's request (the legend and relaxation model as sent) completes the provenance.
    const checked = quantificationReportSchema.safeParse(
      { ...report, parameters: { ...report.parameters, job: { id: job.id, request } } },
      { reportInput: true },
    );
    if (!checked.success) {
      throw new ManusError(
        'invalid',
        'The quantification cannot be recorded: the calibration is degenerate',
        zodFields(checked.error, ''),
      );
    }
    return checked.data;
  });
}
