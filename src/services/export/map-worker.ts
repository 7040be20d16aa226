/**
 * The BIDS export's worker thread (see bids-maps.ts): it turns each stored series into gzipped NIfTI and computes the
 * sodium concentration maps, so that decoding, compressing and the maps' passes never stall the server's event loop,
 * where exports run. The main thread only reads the stored bytes and writes the files.
 */
import { assertSameGrid } from '../../core/sodium/grid.ts';
import { concentrationMap, type ConcentrationMapInput } from '../../core/sodium/map.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { T, tag } from '../../imaging/dicom/tag.ts';
import { getNumber, getString } from '../../imaging/dicom/values.ts';
import { readNifti } from '../../imaging/nifti/read.ts';
import { writeNifti } from '../../imaging/nifti/write.ts';
import { volumeFromDicom, type Volume } from '../../imaging/volume.ts';
import { parseVolume, type VolumeBytes } from '../sodium/worker.ts';
import { runTimedTask, type TimedTask, type WorkerOutcome } from '../workers/task.ts';

const MAGNETIC_FIELD_STRENGTH = tag(0x0018, 0x0087);

/** A stored series' bytes: its NIfTI file or its DICOM instances. */
export type SeriesBytes = { format: 'nifti'; bytes: Uint8Array } | { format: 'dicom'; files: Uint8Array[] };

export interface Device {
  manufacturer: string | null;
  model: string | null;
  fieldStrength: number | null;
}

export interface SeriesTask extends TimedTask {
  series: SeriesBytes;
  /** Give the volume back too (a series that gets a concentration map). */
  keepVolume: boolean;
}

export interface EncodedSeries {
  /** The volume as gzipped NIfTI. */
  nifti: Uint8Array;
  device: Device;
  volume: Volume | null;
}

/** A series as BIDS stores it: its volume in gzipped NIfTI, and the scanner it came from (DICOM only). */
export function encodeSeries({
  channel,
  series,
  keepVolume,
}: SeriesTask): Promise<WorkerOutcome<EncodedSeries>> {
  return runTimedTask(channel, async () => {
    let volume: Volume;
    let device: Device = { manufacturer: null, model: null, fieldStrength: null };
    if (series.format === 'nifti') volume = readNifti(series.bytes).volume;
    else {
      const files = series.files.map((file) => readDicom(file));
      volume = await volumeFromDicom(files);
      const first = files[0]?.dataset;
      if (first)
        device = {
          manufacturer: getString(first, T.Manufacturer) ?? null,
          model: getString(first, T.ManufacturerModelName) ?? null,
          fieldStrength: getNumber(first, MAGNETIC_FIELD_STRENGTH) ?? null,
        };
    }
    const nifti = writeNifti({ dims: volume.dims, affine: volume.affine, data: volume.data }, { gzip: true });
    return { nifti, device, volume: keepVolume ? volume : null };
  });
}

export interface SodiumMapTask extends TimedTask {
  /** Everything but the job's volumes, which come as stored bytes and are parsed here. */
  input: Omit<ConcentrationMapInput, 'labels' | 'receive' | 'transmit'>;
  /** The job's label map and field maps, each on the sodium grid. */
  volumes: VolumeBytes[];
  /** Voxel → LPS mm of the sodium series, for the map's NIfTI header. */
  affine: readonly number[];
}

/** Computes a sodium concentration map and encodes it as gzipped NIfTI. */
export default function runSodiumMapTask({
  channel,
  input,
  volumes,
  affine,
}: SodiumMapTask): Promise<WorkerOutcome<Uint8Array>> {
  return runTimedTask(channel, async () => {
    const full: ConcentrationMapInput = { ...input };
    for (const bytes of volumes) {
      const volume = await parseVolume(bytes);
      assertSameGrid(input.grid, volume, bytes.role);
      if (bytes.role === 'labels') full.labels = volume.data;
      else if (bytes.role === 'receiveField') full.receive = volume.data;
      else if (bytes.role === 'transmitField') full.transmit = volume.data;
    }
    return writeNifti(
      {
        dims: input.grid.dims,
        affine,
        data: concentrationMap(full),
        description: 'Na concentration mmol/L',
      },
      { gzip: true },
    );
  });
}
