import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManusError } from '../core/errors.ts';
import { generatePhantom, phantomLegend, type Phantom } from '../core/sodium/phantom/phantom.ts';
import { writeNifti, type NiftiData } from '../imaging/nifti/write.ts';
import { classicMrLines, IDENTITY_A } from '../imaging/testing/phantoms.ts';
import { describeWithDcmtk, makeDicom } from '../imaging/testing/dcmtk.ts';
import { formatReport, runQuantify, type QuantifyOptions } from './commands/quantify.ts';
import { exitCodeFor } from './context.ts';
import { readVolume } from './volume-input.ts';

/** `manus quantify`'s input handling, in process: every kind of bad input is a bad_request, which exits 2. */
describe('quantify inputs', () => {
  let dir: string;
  let phantom: Phantom;
  const path = (name: string) => join(dir, name);
  const nifti = (
    name: string,
    data: NiftiData,
    affine: readonly number[] = phantom.affine,
    dims = phantom.dims,
  ) => {
    writeFileSync(path(name), writeNifti({ dims, affine, data }));
    return path(name);
  };
  const json = (name: string, value: unknown) => {
    writeFileSync(path(name), JSON.stringify(value));
    return path(name);
  };
  let base: QuantifyOptions;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-quantify-'));
    phantom = generatePhantom({
      size: 48,
      snr: 20,
      seed: 2,
      receiveField: false,
      transmitField: false,
      relaxation: false,
      proton: false,
    });
    base = {
      sodium: nifti('sodium.nii', phantom.sodium),
      labels: nifti('labels.nii', phantom.labels),
      legend: json('legend.json', phantomLegend(phantom.truth)),
      noiseCorrection: true,
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function refusal(options: Partial<QuantifyOptions>): Promise<ManusError> {
    try {
      await runQuantify({ ...base, ...options });
    } catch (error) {
      if (error instanceof ManusError) {
        expect(exitCodeFor(error)).toBe(2);
        return error;
      }
      throw error;
    }
    throw new Error('expected the input to be refused');
  }

  it('quantifies good input and prints it as a table', async () => {
    const { report, map } = await runQuantify(base);
    expect(map).toHaveLength(48 ** 3);
    expect(report.rois).toHaveLength(34);
    const text = formatReport(report);
    expect(text).toMatch(/^Calibration: signal = [\d.]+ × C [+-] [\d.]+ {3}r² = 0\.99\d{3} {3}noise σ = /);
    expect(text).toMatch(/\n {2}reference {5}1 {2}Tube 50 mM +50\.0 mM {2}signal [\d.]+ {2}residual /);
    expect(text).toMatch(/\n {3}11 {2}Right radiocarpal +joint /);
  });

  it('refuses grids that do not match', async () => {
    const other = generatePhantom({
      size: 32,
      snr: 20,
      seed: 2,
      receiveField: false,
      transmitField: false,
      relaxation: false,
      proton: false,
    });
    expect(
      (await refusal({ labels: nifti('labels32.nii', other.labels, other.affine, other.dims) })).message,
    ).toBe('The labels grid (32×32×32) does not match the sodium grid (48×48×48)');
    const shifted = phantom.affine.map((v, i) => (i === 3 ? v + 2 : v));
    const receive = nifti('receive-shifted.nii', new Float32Array(48 ** 3).fill(1), shifted);
    expect((await refusal({ receiveField: receive })).message).toMatch(
      /^The receive-field grid is not the sodium grid: their voxel-to-mm transforms differ by up to 2\.00 mm$/,
    );
  });

  it('refuses a reference without a concentration, and a legend without references', async () => {
    const legend = phantomLegend(phantom.truth);
    delete legend.labels['3']!.concentrationMmol;
    expect((await refusal({ legend: json('no-concentration.json', legend) })).message).toBe(
      'Reference 3 (Tube 150 mM) has no concentration',
    );
    const joints = Object.fromEntries(
      Object.entries(legend.labels).filter(([, e]) => e.kind !== 'reference'),
    );
    expect((await refusal({ legend: json('no-reference.json', { labels: joints }) })).message).toMatch(
      /no reference/,
    );
  });

  it('refuses a noise correction without a noise label, unless it is turned off', async () => {
    const legend = phantomLegend(phantom.truth);
    const noNoise = json('no-noise.json', {
      labels: Object.fromEntries(Object.entries(legend.labels).filter(([, e]) => e.kind !== 'noise')),
    });
    expect((await refusal({ legend: noNoise })).message).toMatch(/noise correction needs a noise label/);
    const { report } = await runQuantify({ ...base, legend: noNoise, noiseCorrection: false });
    expect(report.calibration.noiseSigma).toBeNull();
  });

  it('refuses NaN voxels', async () => {
    const sodium = phantom.sodium.slice();
    sodium[1234] = Number.NaN;
    expect((await refusal({ sodium: nifti('nan.nii', sodium) })).message).toBe(
      'The sodium volume has 1 NaN or infinite voxel (the first at index 1234)',
    );
  });

  it('refuses unreadable files, naming them', async () => {
    const missing = path('missing.nii');
    expect((await refusal({ sodium: missing })).message).toMatch(
      /^Cannot read the sodium .*missing\.nii: ENOENT/,
    );
    writeFileSync(path('text.nii'), 'this is not an image '.repeat(40));
    expect((await refusal({ labels: path('text.nii') })).message).toMatch(
      /^Cannot read the labels .*text\.nii: Not a NIfTI/,
    );
    writeFileSync(path('broken.json'), '{ "labels": ');
    expect((await refusal({ legend: path('broken.json') })).message).toMatch(
      /^The legend .*broken\.json is not valid JSON/,
    );
    mkdirSync(path('empty-series'));
    expect((await refusal({ sodium: path('empty-series') })).message).toMatch(/holds no DICOM image/);
    expect((await refusal({ relaxation: json('relaxation.json', { trMs: 80 }) })).message).toBe(
      'Invalid relaxation model',
    );
    expect(
      (await refusal({ transmitField: nifti('transmit.nii', new Float32Array(48 ** 3).fill(1)) })).message,
    ).toMatch(/transmit field needs the relaxation model/);
  });
});

describeWithDcmtk('quantify a DICOM series', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a folder holding one sodium series, with the same result as the volume in NIfTI', async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-quantify-dicom-'));
    const size = 40;
    const phantom = generatePhantom({
      size,
      snr: 20,
      seed: 4,
      receiveField: false,
      transmitField: false,
      relaxation: false,
      proton: false,
    });
    // 12-bit integers under the fixtures' rescale (stored × 0.5 − 100): the series holds the sodium signal / 2.
    const series = join(dir, 'series');
    mkdirSync(series);
    const slice = size * size;
    for (let k = 0; k < size; k++) {
      const lines = classicMrLines({
        identity: IDENTITY_A,
        charset: 'ISO_IR 100',
        k,
        sopUid: `2.25.7001${k}`,
        nucleus: '23NA',
      });
      const value = (i: number, j: number) => Math.round(phantom.sodium[k * slice + j * size + i]! + 200);
      makeDicom(series, `slice${k}`, lines, { rows: size, columns: size, bits: 16, value }, 'explicit');
    }
    const grid = await readVolume(series, 'sodium');
    expect(grid.dims).toEqual([size, size, size]);
    const write = (name: string, data: NiftiData) => {
      writeFileSync(join(dir, name), writeNifti({ dims: grid.dims, affine: grid.affine, data }));
      return join(dir, name);
    };
    const labels = write('labels.nii', phantom.labels);
    const legend = join(dir, 'legend.json');
    writeFileSync(legend, JSON.stringify(phantomLegend(phantom.truth)));

    const fromDicom = await runQuantify({ sodium: series, labels, legend, noiseCorrection: true });
    const fromNifti = await runQuantify({
      sodium: write('sodium.nii', phantom.sodium),
      labels,
      legend,
      noiseCorrection: true,
    });
    expect(fromDicom.report.calibration.slope / fromNifti.report.calibration.slope).toBeCloseTo(0.5, 3);
    fromDicom.report.rois.forEach((roi, i) => {
      const other = fromNifti.report.rois[i]!;
      expect(roi.label).toBe(other.label);
      expect(roi.concentrationMmol.mean).toBeCloseTo(other.concentrationMmol.mean, 0);
    });
  });
});
