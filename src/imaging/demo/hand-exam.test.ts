import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type dcmjsModule from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManusError } from '../../core/errors.ts';
import { readDicom, type DicomFile } from '../dicom/read.ts';
import { T, tag } from '../dicom/tag.ts';
import { EXPLICIT_LITTLE } from '../dicom/transfer-syntax.ts';
import { getNumber, getNumbers, getString } from '../dicom/values.ts';
import { dciodvfyErrors, describeWithReferenceTools } from '../testing/reference-tools.ts';
import { applyAffine, volumeFromDicom, type Volume } from '../volume.ts';
import {
  DEFAULT_HAND_EXAM_SIZES,
  generateHandExam,
  handSitePosition,
  type HandExamOptions,
  type HandSeriesKind,
} from './hand-exam.ts';
import type { HandLesion } from './hand-model.ts';

const dcmjs = createRequire(import.meta.url)('dcmjs') as typeof dcmjsModule;

const SEED = 20250314;
const LESIONS: HandLesion[] = [
  { site: 'R.MCP2', item: 'synovitis', grade: 3 },
  { site: 'L.bone.mc2.head', item: 'erosion', grade: 6 },
  { site: 'R.bone.lunate', item: 'bone_oedema', grade: 3 },
  { site: 'L.PIP3', item: 'effusion', grade: 2 },
  { site: 'R.tendon.flexor.3', item: 'tenosynovitis', grade: 3 },
  { site: 'R.artery.digital.3.ulnar', item: 'artery_occlusion', grade: 3 },
];
const OPTIONS: HandExamOptions = {
  examCode: 'MR-7KQ2ZD',
  studyDate: '2025-03-14',
  seed: SEED,
  lesions: LESIONS,
};
const SERIES: HandSeriesKind[] = ['t1', 'pd-fs', 'sodium'];

type Exam = Map<HandSeriesKind, Buffer[]>;
function exam(options: HandExamOptions): Exam {
  const out: Exam = new Map(SERIES.map((s) => [s, []]));
  for (const file of generateHandExam(options)) out.get(file.series)!.push(Buffer.concat(file.chunks));
  return out;
}

const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

/** The mean value of the voxels whose centres lie within `radius` mm of an LPS point. */
function meanAround(volume: Volume, point: readonly number[], radius: number): number {
  const [nx, ny, nz] = volume.dims;
  let sum = 0;
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = applyAffine(volume.affine, [i, j, k]);
        if (Math.hypot(p[0] - point[0]!, p[1] - point[1]!, p[2] - point[2]!) > radius) continue;
        sum += volume.data[i + nx * (j + ny * k)]!;
        n += 1;
      }
  expect(n).toBeGreaterThan(0);
  return sum / n;
}

describe('synthetic hand exam', () => {
  let lesioned: Exam;
  let healthy: Exam;
  const volumes = new Map<string, Volume>();
  const volume = async (which: 'lesioned' | 'healthy', series: HandSeriesKind): Promise<Volume> => {
    const key = `${which} ${series}`;
    if (!volumes.has(key))
      volumes.set(
        key,
        await volumeFromDicom(
          (which === 'lesioned' ? lesioned : healthy).get(series)!.map((b) => readDicom(b)),
        ),
      );
    return volumes.get(key)!;
  };

  beforeAll(() => {
    lesioned = exam(OPTIONS);
    healthy = exam({ ...OPTIONS, lesions: [] });
  });

  it('writes three MR series of the expected sizes, one file per slice', () => {
    expect(lesioned.get('t1')).toHaveLength(DEFAULT_HAND_EXAM_SIZES.proton.slices);
    expect(lesioned.get('pd-fs')).toHaveLength(DEFAULT_HAND_EXAM_SIZES.proton.slices);
    expect(lesioned.get('sodium')).toHaveLength(DEFAULT_HAND_EXAM_SIZES.sodium.slices);
  });

  it('parses with Manus’s reader: MR Image Storage, explicit VR little endian, the exam code as the patient', () => {
    const nuclei = new Map<string, string>();
    for (const [series, files] of lesioned) {
      for (const bytes of files) {
        const file: DicomFile = readDicom(bytes);
        expect(getString(file.meta, T.TransferSyntaxUID)).toBe(EXPLICIT_LITTLE);
        expect(getString(file.dataset, T.SOPClassUID)).toBe('1.2.840.10008.5.1.4.1.1.4');
        expect(getString(file.meta, T.MediaStorageSOPInstanceUID)).toBe(
          getString(file.dataset, T.SOPInstanceUID),
        );
        expect(getString(file.dataset, T.PatientID)).toBe(OPTIONS.examCode);
        expect(getString(file.dataset, T.PatientName)).toBe(OPTIONS.examCode);
        expect(getString(file.dataset, T.PatientIdentityRemoved)).toBe('YES');
        expect(getString(file.dataset, T.StudyDescription)).toMatch(/^SYNTHETIC /);
        expect(getString(file.dataset, T.SeriesDescription)).toMatch(/^SYNTHETIC /);
        expect(getString(file.dataset, T.StudyDate)).toBe('20250314');
        expect(getNumber(file.dataset, tag(0x0018, 0x0087))).toBe(7);
        for (const uid of [
          T.StudyInstanceUID,
          T.SeriesInstanceUID,
          T.SOPInstanceUID,
          T.FrameOfReferenceUID,
        ]) {
          const value = getString(file.dataset, uid)!;
          expect(value).toMatch(/^2\.25\.[1-9][0-9]*(\.[1-9][0-9]*)+$/);
          expect(value.length).toBeLessThanOrEqual(64);
        }
        nuclei.set(series, getString(file.dataset, T.ImagedNucleus)!);
      }
    }
    expect(Object.fromEntries(nuclei)).toEqual({ t1: '1H', 'pd-fs': '1H', sodium: '23NA' });
  });

  it('parses with dcmjs, which reads the same attributes and the full pixel data', () => {
    for (const files of lesioned.values()) {
      const bytes = files[0]!;
      const message = dcmjs.data.DicomMessage.readFile(new Uint8Array(bytes).buffer);
      const natural = dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.dict);
      const manus = readDicom(bytes).dataset;
      expect(natural.PatientID).toBe(OPTIONS.examCode);
      expect(natural.FrameOfReferenceUID).toBe(getString(manus, T.FrameOfReferenceUID));
      expect(natural.Rows).toBe(getNumber(manus, T.Rows));
      const pixels = (natural.PixelData as ArrayBuffer[])[0]!;
      expect(pixels.byteLength).toBe(2 * getNumber(manus, T.Rows)! * getNumber(manus, T.Columns)!);
    }
  });

  it('gives the three series one frame of reference and evenly spaced slices over the same box', async () => {
    const first = (series: HandSeriesKind) => readDicom(lesioned.get(series)![0]!).dataset;
    const frames = new Set(SERIES.map((s) => getString(first(s), T.FrameOfReferenceUID)));
    const studies = new Set(SERIES.map((s) => getString(first(s), T.StudyInstanceUID)));
    const series = new Set(SERIES.map((s) => getString(first(s), T.SeriesInstanceUID)));
    expect([frames.size, studies.size, series.size]).toEqual([1, 1, 3]);
    const centres: number[][] = [];
    for (const kind of SERIES) {
      const files = lesioned.get(kind)!.map((b) => readDicom(b).dataset);
      const orientation = getNumbers(files[0]!, T.ImageOrientationPatient);
      const normal = [
        orientation[1]! * orientation[5]! - orientation[2]! * orientation[4]!,
        orientation[2]! * orientation[3]! - orientation[0]! * orientation[5]!,
        orientation[0]! * orientation[4]! - orientation[1]! * orientation[3]!,
      ];
      const thickness = getNumber(files[0]!, T.SliceThickness)!;
      const distances = files.map((f) => dot(getNumbers(f, T.ImagePositionPatient), normal));
      distances.forEach((d, k) => expect(d - distances[0]!).toBeCloseTo(k * thickness, 6));
      for (const f of files) expect(getNumbers(f, T.ImageOrientationPatient)).toEqual(orientation);
      // volumeFromDicom refuses uneven gaps or mixed orientations: it is the viewer's view of the series.
      const v = await volume('lesioned', kind);
      centres.push(applyAffine(v.affine, [(v.dims[0] - 1) / 2, (v.dims[1] - 1) / 2, (v.dims[2] - 1) / 2]));
    }
    for (const centre of centres) centre.forEach((c) => expect(c).toBeCloseTo(0, 6));
  });

  it('draws each lesion where its anatomy site is', async () => {
    const change = async (series: HandSeriesKind, site: string, radius: number): Promise<number> => {
      const at = handSitePosition(SEED, site);
      return (
        meanAround(await volume('lesioned', series), at, radius) -
        meanAround(await volume('healthy', series), at, radius)
      );
    };
    // Fluid, inflamed synovium, oedema and erosion content are bright on PD fat-sat.
    expect(await change('pd-fs', 'R.MCP2', 7)).toBeGreaterThan(150);
    expect(await change('pd-fs', 'L.PIP3', 6)).toBeGreaterThan(150);
    expect(await change('pd-fs', 'R.bone.lunate', 5)).toBeGreaterThan(150);
    expect(await change('pd-fs', 'L.bone.mc2.head', 7)).toBeGreaterThan(40);
    expect(await change('pd-fs', 'R.tendon.flexor.3', 5)).toBeGreaterThan(150);
    // An occluded artery loses its bright inflow signal on T1.
    expect(await change('t1', 'R.artery.digital.3.ulnar', 3)).toBeLessThan(-150);
    // Effusion raises the 23Na signal of its joint; a site far from every lesion is untouched.
    expect(await change('sodium', 'R.MCP2', 8)).toBeGreaterThan(0);
    expect(await change('pd-fs', 'L.MCP5', 6)).toBe(0);
  });

  it('gives the same bytes for the same options, and other UIDs for other images', () => {
    const again = exam(OPTIONS);
    for (const series of SERIES)
      again.get(series)!.forEach((bytes, i) => expect(bytes.equals(lesioned.get(series)![i]!)).toBe(true));
    const uid = (e: Exam) => getString(readDicom(e.get('t1')![0]!).dataset, T.SOPInstanceUID);
    expect(uid(healthy)).not.toBe(uid(lesioned));
  });

  it('refuses lesions it cannot draw', () => {
    const bad = (lesion: HandLesion) => () => generateHandExam({ ...OPTIONS, lesions: [lesion] });
    expect(bad({ site: 'R.bone.lunate', item: 'synovitis', grade: 1 })).toThrow(ManusError);
    expect(bad({ site: 'MCP2', item: 'synovitis', grade: 1 })).toThrow(/R\. or L\./);
    expect(bad({ site: 'R.MCP2', item: 'synovitis', grade: 4 })).toThrow(/grade 4/);
    expect(bad({ site: 'L.vein.digital.2', item: 'artery_occlusion', grade: 1 })).toThrow(ManusError);
    expect(() => generateHandExam({ ...OPTIONS, studyDate: '2025-02-30' })).toThrow(/YYYY-MM-DD/);
  });
});

describeWithReferenceTools('synthetic hand exam, checked by dciodvfy', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'manus-hand-exam-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('has no IOD errors in any series', () => {
    const checked = new Set<HandSeriesKind>();
    for (const file of generateHandExam(OPTIONS)) {
      if (checked.has(file.series)) continue;
      checked.add(file.series);
      const path = join(folder, `${file.series}.dcm`);
      writeFileSync(path, Buffer.concat(file.chunks));
      expect(dciodvfyErrors(path), file.series).toEqual([]);
    }
    expect(checked.size).toBe(3);
  });
});
