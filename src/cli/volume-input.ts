import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ManusError } from '../core/errors.ts';
import { readDicom, type DicomFile } from '../imaging/dicom/read.ts';
import { T } from '../imaging/dicom/tag.ts';
import { getString } from '../imaging/dicom/values.ts';
import { readNifti } from '../imaging/nifti/read.ts';
import { volumeFromDicom, type Volume } from '../imaging/volume.ts';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function unreadable(what: string, path: string, error: unknown, expected: string): ManusError {
  return new ManusError('bad_request', `Cannot read the ${what} ${path}: ${reason(error)}`, [
    { path: what, code: 'unreadable', message: `must be ${expected}` },
  ]);
}

/** The files of a folder that are DICOM Part 10 (a DICOMDIR or a stray text file is not an image). */
async function dicomSeries(folder: string): Promise<DicomFile[]> {
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const files: DicomFile[] = [];
  for (const name of names) {
    const bytes = await readFile(join(folder, name));
    if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM') continue;
    const file = readDicom(bytes);
    if (file.dataset.has(T.PixelData)) files.push(file);
  }
  const series = new Set(files.map((f) => getString(f.dataset, T.SeriesInstanceUID) ?? ''));
  if (files.length === 0) throw new Error('the folder holds no DICOM image');
  if (series.size > 1)
    throw new Error(`the folder holds ${series.size} DICOM series; give one series per folder`);
  return files;
}

/** A sodium image, label map or field map: a NIfTI file, or a folder holding one DICOM series. */
export async function readVolume(path: string, what: string): Promise<Volume> {
  try {
    if ((await stat(path)).isDirectory()) return await volumeFromDicom(await dicomSeries(path));
    return readNifti(await readFile(path)).volume;
  } catch (error) {
    throw unreadable(what, path, error, 'a NIfTI file (.nii, .nii.gz) or a folder holding one DICOM series');
  }
}

/** A JSON input file, parsed; unreadable or malformed files are bad input. */
export async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(what, path, error, 'a readable JSON file');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ManusError('bad_request', `The ${what} ${path} is not valid JSON: ${reason(error)}`, [
      { path: what, code: 'unreadable', message: 'must be a JSON file' },
    ]);
  }
}
