import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { describeWithDcmtk, run } from './dcmtk.ts';

const TOOLS = [
  { command: 'dciodvfy', args: ['-version'], banner: /dicom3tools Version/, apt: 'dicom3tools' },
  // dcm2niix exits with status 3 after printing its version: the banner is the evidence, not the status.
  { command: 'dcm2niix', args: ['--version'], banner: /dcm2niiX version/, apt: 'dcm2niix' },
];

/**
 * The reference tools of imaging-data.md, run against what Manus writes and computes: dicom3tools' dciodvfy
 * (IOD validation) and dcm2niix (DICOM to NIfTI geometry). Suites that need them skip with a notice when they are
 * absent, unless MANUS_REQUIRE_REFERENCE_TOOLS=1 (CI) turns that into a failure.
 */
const MISSING = TOOLS.filter(({ command, args, banner }) => {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return result.error !== undefined || !banner.test(`${result.stdout}${result.stderr}`);
}).map(({ command, apt }) => `${command} (apt-get install ${apt})`);
export const HAS_REFERENCE_TOOLS = MISSING.length === 0;

if (!HAS_REFERENCE_TOOLS && process.env.MANUS_REQUIRE_REFERENCE_TOOLS === '1') {
  throw new Error(`MANUS_REQUIRE_REFERENCE_TOOLS=1 but these are not installed: ${MISSING.join(', ')}`);
}

export function describeWithReferenceTools(name: string, suite: () => void): void {
  if (!HAS_REFERENCE_TOOLS) {
    process.stderr.write(`NOTICE: not installed: ${MISSING.join(', ')}; "${name}" is skipped.\n`);
    describe.skip(name, suite);
    return;
  }
  // The fixtures are made with DCMTK, whose own switch decides whether its absence skips or fails.
  describeWithDcmtk(name, suite);
}

/**
 * dciodvfy's error messages for one file, without the values it quotes (UIDs, dates, numbers in `= <…>`), so that
 * the messages of an original and of its de-identified copy can be compared. Sorted and unique: the per-frame
 * checks of an enhanced file repeat the same message once per frame.
 */
export function dciodvfyErrors(file: string): string[] {
  // dciodvfy echoes attribute values in the file's own character set: latin1 keeps every byte as one character.
  const result = spawnSync('dciodvfy', [file], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`;
  // Errors of a file dciodvfy cannot parse say nothing about its IOD: comparing them would pass vacuously.
  if (output.includes('Dicom dataset read failed'))
    throw new Error(`dciodvfy cannot read ${file}:\n${output}`);
  const errors = new Set<string>();
  for (const line of output.split('\n')) {
    const message = /\bError - (.*)$/.exec(line)?.[1];
    if (message === undefined) continue;
    errors.add(
      message
        .replace(/= <[^>]*>/g, '= <value>')
        .replace(/\b\d+(?:\.\d+){2,}\b/g, '<uid>')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return [...errors].sort();
}

export interface Dcm2niixOutput {
  nifti: string;
  /** The BIDS sidecar dcm2niix wrote next to the image. */
  sidecar: Record<string, unknown>;
}

/**
 * Converts every series of a folder with dcm2niix into a new folder under `parent`: uncompressed NIfTI named by
 * series number, with its JSON sidecar. `-g i` ignores any ~/.dcm2nii.ini, so a developer's defaults cannot change
 * the result; `-l o` keeps the stored integers and their scl_slope/scl_inter, the form Manus must read.
 */
export function dcm2niix(folder: string, parent: string): Dcm2niixOutput[] {
  const out = mkdtempSync(join(parent, 'dcm2niix-'));
  run('dcm2niix', ['-g', 'i', '-z', 'n', '-b', 'y', '-l', 'o', '-f', '%s', '-o', out, folder]);
  return readdirSync(out)
    .filter((name) => name.endsWith('.nii'))
    .sort()
    .map((name) => ({
      nifti: join(out, name),
      sidecar: JSON.parse(readFileSync(join(out, name.replace(/\.nii$/, '.json')), 'utf8')) as Record<
        string,
        unknown
      >,
    }));
}
