import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ManusError } from '../../core/errors.ts';
import { createRandom } from '../../core/sodium/random.ts';
import type { Point } from '../../core/sodium/phantom/shapes.ts';
import { IMPLEMENTATION_CLASS_UID } from '../deid/deidentify.ts';
import { bytesElement, type Dataset } from '../dicom/dataset.ts';
import { T, tag, type Tag } from '../dicom/tag.ts';
import { EXPLICIT_LITTLE } from '../dicom/transfer-syntax.ts';
import { chunksLength, writeDicom } from '../dicom/write.ts';
import { FIELD_OF_VIEW_MM, handScene, type HandLesion } from './hand-model.ts';
import {
  DEFAULT_HAND_EXAM_SIZES,
  FIELD_T,
  GAMMA_MHZ_PER_T,
  seriesPlans,
  type HandExamSizes,
  type HandSeriesKind,
  type SeriesPlan,
} from './hand-series.ts';
import { coarseSlice, rasterise, smoothSlice, type GridSize } from './hand-volume.ts';

export { DEFAULT_HAND_EXAM_SIZES, type HandExamSizes, type HandSeriesKind };

/**
 * Synthetic DICOM exams of both hands for the demo study, so the reading workstation has images to show: a 1H
 * T1-weighted 3D gradient echo, a 1H proton-density fat-saturated series on the same grid, and a coarse 23Na series,
 * all over one box with one frame of reference. Pixels come from the procedural hand model (hand-model.ts) with the
 * lesions asked for. Nothing in them is a person: PatientID and PatientName are the exam code, every description
 * says SYNTHETIC, and the UIDs are 2.25 UIDs derived from the options, so the same options give the same bytes.
 *
 * Files are produced one at a time, slice by slice: only the tissue map (one byte per 1H voxel) stays in memory.
 */

export interface HandExamOptions {
  /** The blinded exam code (`MR-…`): PatientID and PatientName of every file. */
  examCode: string;
  /** `YYYY-MM-DD`. */
  studyDate: string;
  seed: number;
  lesions: readonly HandLesion[];
  sizes?: HandExamSizes;
}

export interface HandExamFile {
  series: HandSeriesKind;
  seriesNumber: number;
  instanceNumber: number;
  sopInstanceUid: string;
  /** `<series number>-<kind>/<instance number>.dcm`, for writing the exam to a folder. */
  path: string;
  /** The Part 10 file as chunks (writeDicom's output): concatenate or stream them. */
  chunks: Uint8Array[];
}

const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
const IMPLEMENTATION_VERSION = 'MANUS_DEMO_1';

/**
 * Model millimetres (x right, y down the image, z up from the table) to patient LPS, centred on the isocentre:
 * the hands lie palm down with the arms above the head, so x is the patient's left, up the image is superior and
 * up from the table (dorsal) is posterior.
 */
function toPatient([x, y, z]: Point): [number, number, number] {
  return [x - FIELD_OF_VIEW_MM[0] / 2, z - FIELD_OF_VIEW_MM[2] / 2, FIELD_OF_VIEW_MM[1] / 2 - y];
}
/** Rows run along +x, columns along −z (feet): the normal row × column is +y (posterior), up from the table. */
const ORIENTATION = [1, 0, 0, 0, 0, -1] as const;

/** Where an anatomy site (`R.MCP2`, `L.bone.lunate`, `R.artery.digital.3.ulnar`) lies in a demo exam, LPS mm. */
export function handSitePosition(seed: number, site: string): [number, number, number] {
  const anchor = handScene(seed, []).anchors.get(site);
  if (!anchor) throw new ManusError('not_found', `No site ${site} in the hand model`);
  return toPatient(anchor);
}

function validate(options: HandExamOptions, sizes: HandExamSizes): void {
  if (!/^[A-Za-z0-9-]{1,16}$/.test(options.examCode))
    throw new ManusError('invalid', `Exam code ${options.examCode} is not 1-16 letters, digits or dashes`);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(options.studyDate);
  const parsed = date ? new Date(`${options.studyDate}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== options.studyDate)
    throw new ManusError('invalid', `Study date ${options.studyDate} is not a YYYY-MM-DD date`);
  if (!Number.isSafeInteger(options.seed))
    throw new ManusError('invalid', `Seed ${options.seed} is not an integer`);
  for (const [name, size] of Object.entries(sizes))
    for (const [axis, n] of Object.entries(size as GridSize))
      if (!Number.isInteger(n) || n < 4 || n > 512)
        throw new ManusError('invalid', `${name} ${axis} ${String(n)} is not an integer from 4 to 512`);
}

/**
 * The exam's UID root: a 2.25 UID (PS3.5 B.2) from a version-8 UUID whose bits are the SHA-256 of everything that
 * shapes the files, so the same options always give the same UIDs and different images never share one.
 */
function uidRoot(options: HandExamOptions, sizes: HandExamSizes): string {
  const lesions = [...options.lesions]
    .filter((l) => l.grade > 0)
    .map((l) => [l.site, l.item, l.grade])
    .sort((a, b) => String(a).localeCompare(String(b)));
  const fingerprint = JSON.stringify([
    'manus-demo-hand-exam-1',
    options.examCode,
    options.studyDate,
    options.seed,
    lesions,
    sizes,
  ]);
  const bytes = createHash('sha256').update(fingerprint).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}

const ds = (values: readonly number[]): string => values.map((v) => String(+v.toFixed(6))).join('\\');

type Value = string | { us: number };
const element = (t: Tag, vr: string, value: Value) =>
  bytesElement(
    t,
    vr,
    typeof value === 'string' ? Buffer.from(value, 'latin1') : Uint8Array.of(value.us & 0xff, value.us >> 8),
  );
const datasetOf = (entries: readonly (readonly [Tag, string, Value])[]): Dataset =>
  new Map(entries.map(([t, vr, v]) => [t, element(t, vr, v)]));

function seriesDataset(
  plan: SeriesPlan,
  options: HandExamOptions,
  uids: { study: string; series: string; frameOfReference: string },
): Dataset {
  const date = options.studyDate.replaceAll('-', '');
  const { grid, sequence } = plan;
  const frequency = FIELD_T * GAMMA_MHZ_PER_T[plan.nucleus];
  return datasetOf([
    [T.ImageType, 'CS', 'DERIVED\\PRIMARY\\OTHER'],
    [T.SOPClassUID, 'UI', MR_IMAGE_STORAGE],
    [T.StudyDate, 'DA', date],
    [T.SeriesDate, 'DA', date],
    [T.ContentDate, 'DA', date],
    [T.StudyTime, 'TM', '100000'],
    [T.SeriesTime, 'TM', sequence.time],
    [tag(0x0008, 0x0033), 'TM', sequence.time], // ContentTime
    [T.AccessionNumber, 'SH', ''],
    [T.Modality, 'CS', 'MR'],
    [T.Manufacturer, 'LO', 'Manus synthetic demo'],
    [T.ReferringPhysicianName, 'PN', ''],
    [T.StudyDescription, 'LO', 'SYNTHETIC demo hand MRI, not a patient'],
    [T.SeriesDescription, 'LO', plan.description],
    [T.ManufacturerModelName, 'LO', 'Procedural hand model'],
    [T.PatientName, 'PN', options.examCode],
    [T.PatientID, 'LO', options.examCode],
    [T.PatientBirthDate, 'DA', ''],
    [T.PatientSex, 'CS', ''],
    [T.PatientIdentityRemoved, 'CS', 'YES'],
    [T.DeidentificationMethod, 'LO', 'SYNTHETIC: generated by Manus, no patient data'],
    [tag(0x0018, 0x0015), 'CS', 'HAND'], // BodyPartExamined
    [tag(0x0018, 0x0020), 'CS', sequence.scanningSequence],
    [tag(0x0018, 0x0021), 'CS', sequence.sequenceVariant],
    [tag(0x0018, 0x0022), 'CS', sequence.scanOptions],
    [tag(0x0018, 0x0023), 'CS', '3D'], // MRAcquisitionType
    [T.SliceThickness, 'DS', ds([grid.spacing[2]])],
    [T.RepetitionTime, 'DS', ds([sequence.repetitionTimeMs])],
    [T.EchoTime, 'DS', ds([sequence.echoTimeMs])],
    [tag(0x0018, 0x0083), 'DS', '1'], // NumberOfAverages
    [T.ImagingFrequency, 'DS', ds([frequency])],
    [T.ImagedNucleus, 'SH', plan.nucleus],
    [tag(0x0018, 0x0087), 'DS', '7'], // MagneticFieldStrength
    [T.SpacingBetweenSlices, 'DS', ds([grid.spacing[2]])],
    [tag(0x0018, 0x0091), 'IS', String(sequence.echoTrainLength)],
    [T.FlipAngle, 'DS', ds([sequence.flipAngleDeg])],
    [tag(0x0018, 0x5100), 'CS', 'HFP'], // PatientPosition: prone, arms above the head
    [T.StudyInstanceUID, 'UI', uids.study],
    [T.SeriesInstanceUID, 'UI', uids.series],
    [T.StudyID, 'SH', '1'],
    [T.SeriesNumber, 'IS', String(plan.number)],
    [T.ImageOrientationPatient, 'DS', ds(ORIENTATION)],
    [T.FrameOfReferenceUID, 'UI', uids.frameOfReference],
    [tag(0x0020, 0x0062), 'CS', 'B'], // ImageLaterality: both hands
    [tag(0x0020, 0x1040), 'LO', ''], // PositionReferenceIndicator
    [T.SamplesPerPixel, 'US', { us: 1 }],
    [T.PhotometricInterpretation, 'CS', 'MONOCHROME2'],
    [T.Rows, 'US', { us: grid.rows }],
    [T.Columns, 'US', { us: grid.columns }],
    [T.PixelSpacing, 'DS', ds([grid.spacing[1], grid.spacing[0]])],
    [T.BitsAllocated, 'US', { us: 16 }],
    [T.BitsStored, 'US', { us: 12 }],
    [T.HighBit, 'US', { us: 11 }],
    [T.PixelRepresentation, 'US', { us: 0 }],
    // Nothing is drawn into the pixels: no text, no identity.
    [T.BurnedInAnnotation, 'CS', 'NO'],
    [tag(0x0028, 0x1050), 'DS', ds([plan.window[0]])], // WindowCenter
    [tag(0x0028, 0x1051), 'DS', ds([plan.window[1]])], // WindowWidth
  ]);
}

/** Receive sensitivity of a surface coil under the hands: about 30 % less at the top of the box than on the table. */
const shading = (zMm: number): number => 1.15 - 0.35 * (zMm / FIELD_OF_VIEW_MM[2]);

/**
 * 65,536 standard normal deviates drawn once. Each voxel takes its two (real and imaginary noise) from one 32-bit
 * step of a seeded xorshift generator: drawing Box-Muller pairs per voxel took a third of an exam's time.
 */
const NORMALS = (() => {
  const random = createRandom(0x6d616e75);
  return Float32Array.from({ length: 65536 }, () => random.normal());
})();

/** Marsaglia's xorshift32 (J. Stat. Softw. 2003;8(14)), seeded from the exam seed and the series. */
function xorshift(seed: number, stream: number): () => number {
  let state = Math.floor(createRandom(seed, stream).uniform() * 0xffffffff) | 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/**
 * Signal, shading, smoothing and Rician noise (the magnitude of the signal plus complex Gaussian noise, as in
 * core/sodium/rician.ts, inlined here: it runs for every voxel of every exam) of one slice, as 12-bit pixel data.
 */
function slicePixels(plan: SeriesPlan, signal: Float32Array, k: number, next: () => number): Uint8Array {
  const { columns, rows, spacing } = plan.grid;
  const gain = shading((k + 0.5) * spacing[2]);
  const sigma = plan.noiseSigma;
  if (plan.nucleus === '1H') smoothSlice(signal, columns, rows);
  const bytes = new Uint8Array(2 * signal.length);
  for (let i = 0; i < signal.length; i++) {
    const bits = next();
    const re = gain * signal[i]! + sigma * NORMALS[bits >>> 16]!;
    const im = sigma * NORMALS[bits & 0xffff]!;
    const value = Math.min(4095, Math.round(Math.sqrt(re * re + im * im)));
    bytes[2 * i] = value & 0xff;
    bytes[2 * i + 1] = value >> 8;
  }
  return bytes;
}

/** Each voxel's tissue replaced by the tissue's signal. */
function lookup(contrast: Float32Array, labels: Uint8Array): Float32Array {
  const signal = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) signal[i] = contrast[labels[i]!]!;
  return signal;
}

/**
 * The exam's files, series by series and slice by slice. Options are checked now; pixels are made as the files are
 * taken, so a caller that stores each file before taking the next holds one slice at a time.
 */
export function generateHandExam(options: HandExamOptions): Generator<HandExamFile> {
  const sizes = options.sizes ?? DEFAULT_HAND_EXAM_SIZES;
  validate(options, sizes);
  const scene = handScene(options.seed, options.lesions);
  return files(options, sizes, scene.strokes);
}

function* files(
  options: HandExamOptions,
  sizes: HandExamSizes,
  strokes: Parameters<typeof rasterise>[1],
): Generator<HandExamFile> {
  const plans = seriesPlans(sizes);
  const proton = plans[0]!.grid;
  const labels = rasterise(proton, strokes);
  const root = uidRoot(options, sizes);
  const uids = { study: `${root}.1`, frameOfReference: `${root}.2` };
  for (const plan of plans) {
    const series = `${root}.3.${plan.number}`;
    const base = seriesDataset(plan, options, { ...uids, series });
    const { columns, rows, slices, spacing } = plan.grid;
    const noise = xorshift(options.seed, 100 + plan.number);
    for (let k = 0; k < slices; k++) {
      const signal =
        plan.nucleus === '1H'
          ? lookup(plan.contrast, labels.subarray(k * columns * rows, (k + 1) * columns * rows))
          : coarseSlice(proton, labels, plan.contrast, plan.grid, k);
      const sop = `${root}.4.${plan.number}.${k + 1}`;
      const position = toPatient([0.5 * spacing[0], 0.5 * spacing[1], (k + 0.5) * spacing[2]]);
      const dataset = new Map(base);
      for (const [t, vr, value] of [
        [T.SOPInstanceUID, 'UI', sop],
        [T.InstanceNumber, 'IS', String(k + 1)],
        [T.ImagePositionPatient, 'DS', ds(position)],
        [tag(0x0020, 0x1041), 'DS', ds([position[1]])], // SliceLocation: the position along the normal
      ] as const)
        dataset.set(t, element(t, vr, value));
      dataset.set(T.PixelData, bytesElement(T.PixelData, 'OW', slicePixels(plan, signal, k, noise)));
      const meta = datasetOf([
        [T.FileMetaInformationVersion, 'OB', '\u0000\u0001'],
        [T.MediaStorageSOPClassUID, 'UI', MR_IMAGE_STORAGE],
        [T.MediaStorageSOPInstanceUID, 'UI', sop],
        [T.TransferSyntaxUID, 'UI', EXPLICIT_LITTLE],
        [T.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID],
        [T.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION],
      ]);
      yield {
        series: plan.kind,
        seriesNumber: plan.number,
        instanceNumber: k + 1,
        sopInstanceUid: sop,
        path: `${plan.number}-${plan.kind}/${String(k + 1).padStart(3, '0')}.dcm`,
        chunks: writeDicom(meta, dataset),
      };
    }
  }
}

/** Writes the exam under `folder` (see HandExamFile.path); returns the file count and total bytes. */
export async function writeHandExam(
  options: HandExamOptions,
  folder: string,
): Promise<{ files: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  for (const file of generateHandExam(options)) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.chunks);
    count += 1;
    bytes += chunksLength(file.chunks);
  }
  return { files: count, bytes };
}
