import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import {
  generatePhantom,
  MIN_PHANTOM_SIZE,
  phantomLegend,
  type Phantom,
  type PhantomOptions,
} from '../../core/sodium/phantom/phantom.ts';
import { writeNifti, type NiftiData } from '../../imaging/nifti/write.ts';
import { MANUS_VERSION } from '../../version.ts';
import { printJson } from '../context.ts';
import { progress } from '../progress.ts';

interface PhantomCliOptions {
  out: string;
  snr: string;
  seed: string;
  size: string;
  receiveField?: boolean;
  transmitField?: boolean;
  relaxation?: boolean;
}

const PHANTOM_DEFAULTS = { snr: 20, seed: 1, size: 192 } as const;
const MAX_SIZE = 512;

const PHANTOM_FILES = {
  sodium: 'sodium.nii',
  proton: 'proton.nii',
  labels: 'labels.nii',
  legend: 'legend.json',
  truth: 'truth.json',
  relaxation: 'relaxation.json',
  receiveField: 'receive.nii',
  transmitField: 'transmit.nii',
} as const;

function numberOption(value: string, name: string, valid: (v: number) => boolean, allowed: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !valid(parsed))
    throw new ManusError('bad_request', `--${name} must be ${allowed}, not ${value}`, [
      { path: name, code: 'out_of_range', message: allowed },
    ]);
  return parsed;
}

function phantomOptions(options: PhantomCliOptions): Omit<PhantomOptions, 'onProgress'> {
  return {
    snr: numberOption(options.snr, 'snr', (v) => Number.isFinite(v) && v > 0, 'a positive number'),
    seed: numberOption(options.seed, 'seed', (v) => Number.isSafeInteger(v), 'an integer'),
    size: numberOption(
      options.size,
      'size',
      (v) => Number.isInteger(v) && v >= MIN_PHANTOM_SIZE && v <= MAX_SIZE,
      `an integer from ${MIN_PHANTOM_SIZE} to ${MAX_SIZE}`,
    ),
    receiveField: options.receiveField === true,
    transmitField: options.transmitField === true,
    relaxation: options.relaxation === true,
    proton: true,
  };
}

export function registerPhantomCommand(program: Command): void {
  program
    .command('phantom')
    .description(
      'Write a hand-like sodium phantom with reference tubes, its label map, legend and ground truth',
    )
    .requiredOption('--out <dir>', 'folder to write into')
    .option(
      '--snr <n>',
      'SNR of a 150 mmol/L voxel that relaxes like the tubes',
      String(PHANTOM_DEFAULTS.snr),
    )
    .option('--receive-field', `a smooth receive field (also written as ${PHANTOM_FILES.receiveField})`)
    .option('--transmit-field', `a smooth transmit field k (also written as ${PHANTOM_FILES.transmitField})`)
    .option('--relaxation', 'a different relaxation per compartment (tubes, joints, tissue)')
    .option(
      '--seed <s>',
      'random seed: the same options and seed give the same files',
      String(PHANTOM_DEFAULTS.seed),
    )
    .option('--size <n>', 'grid of n³ voxels over a 256 mm field of view', String(PHANTOM_DEFAULTS.size))
    .addHelpText(
      'after',
      `\nFiles: ${Object.values(PHANTOM_FILES).join(', ')}. Quantify it with\n` +
        `  manus quantify --sodium DIR/${PHANTOM_FILES.sodium} --labels DIR/${PHANTOM_FILES.labels} --legend DIR/${PHANTOM_FILES.legend}\n` +
        `and --relaxation DIR/${PHANTOM_FILES.relaxation}, --receive-field / --transmit-field for the fields it was made with.\n` +
        `${PHANTOM_FILES.truth} holds the true concentration of every label. Prints a JSON summary.\n`,
    )
    .action(async (cliOptions: PhantomCliOptions) => {
      const options = phantomOptions(cliOptions);
      const bar = progress('Generating', options.size);
      let phantom: Phantom;
      try {
        phantom = generatePhantom({ ...options, onProgress: () => bar.advance(1) });
      } finally {
        bar.stop();
      }
      const out = cliOptions.out;
      await mkdir(out, { recursive: true });
      const volume = (data: NiftiData, description: string, intent: 0 | 1002 = 0) =>
        writeNifti({ dims: phantom.dims, affine: phantom.affine, data, description, intent });
      const files: Partial<Record<keyof typeof PHANTOM_FILES, string>> = {};
      const save = async (key: keyof typeof PHANTOM_FILES, content: Buffer | string) => {
        files[key] = resolve(out, PHANTOM_FILES[key]);
        await writeFile(join(out, PHANTOM_FILES[key]), content);
      };
      const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
      await save('sodium', volume(phantom.sodium, 'Manus phantom: 23Na magnitude'));
      if (phantom.proton) await save('proton', volume(phantom.proton, 'Manus phantom: 1H magnitude'));
      await save('labels', volume(phantom.labels, 'Manus phantom: labels', 1002));
      if (phantom.receive)
        await save('receiveField', volume(phantom.receive, 'Manus phantom: receive sensitivity'));
      if (phantom.transmit)
        await save('transmitField', volume(phantom.transmit, 'Manus phantom: relative B1+'));
      await save('legend', json(phantomLegend(phantom.truth)));
      await save('relaxation', json(phantom.relaxation));
      const settings = {
        manusVersion: MANUS_VERSION,
        size: options.size,
        snr: options.snr,
        seed: options.seed,
        receiveField: options.receiveField,
        transmitField: options.transmitField,
        relaxation: options.relaxation,
        spacingMm: phantom.spacing,
        noiseSigma: phantom.noiseSigma,
      };
      await save('truth', json({ ...settings, labels: phantom.truth }));
      printJson({ ...settings, rois: phantom.truth.length, files });
    });
}
