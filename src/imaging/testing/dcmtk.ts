import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';

/**
 * Synthetic DICOM fixtures made with DCMTK in the tests (no real patient data anywhere). Suites that need DCMTK
 * skip with a notice when it is absent, unless MANUS_REQUIRE_DCMTK=1 (CI) turns that into a failure.
 */
export const HAS_DCMTK = spawnSync('dump2dcm', ['--version'], { encoding: 'utf8' }).status === 0;

if (!HAS_DCMTK && process.env.MANUS_REQUIRE_DCMTK === '1') {
  throw new Error('MANUS_REQUIRE_DCMTK=1 but dump2dcm is not installed (apt-get install dcmtk)');
}

export function describeWithDcmtk(name: string, suite: () => void): void {
  if (!HAS_DCMTK) {
    process.stderr.write(`NOTICE: DCMTK is not installed; "${name}" is skipped.\n`);
    describe.skip(name, suite);
    return;
  }
  describe(name, suite);
}

export function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

export type Encoding =
  'implicit' | 'explicit' | 'big' | 'deflate' | 'rle' | 'jpeg-lossless' | 'jpeg-baseline' | 'jpeg-ls';

const DUMP2DCM_FLAG: Record<'implicit' | 'explicit' | 'big' | 'deflate', string> = {
  implicit: '+ti',
  explicit: '+te',
  big: '+tb',
  deflate: '+td',
};

export interface Phantom {
  rows: number;
  columns: number;
  /** Frames stored in this one file (enhanced multi-frame when > 1). */
  frames?: number;
  bits: 8 | 16;
  signed?: boolean;
  value: (i: number, j: number, frame: number) => number;
}

/** The raw little-endian pixel bytes of a phantom. */
export function phantomPixels(p: Phantom): Buffer {
  const frames = p.frames ?? 1;
  const bytes = p.bits / 8;
  const out = Buffer.alloc(p.rows * p.columns * frames * bytes);
  let o = 0;
  for (let f = 0; f < frames; f++)
    for (let j = 0; j < p.rows; j++)
      for (let i = 0; i < p.columns; i++, o += bytes) {
        const v = p.value(i, j, f);
        if (p.bits === 8) out.writeUInt8(v & 0xff, o);
        else if (p.signed) out.writeInt16LE(v, o);
        else out.writeUInt16LE(v, o);
      }
  return out;
}

/** Lines of a dcmdump-style dump for the pixel module of a phantom. */
export function pixelModule(p: Phantom, photometric = 'MONOCHROME2'): string[] {
  return [
    '(0028,0002) US 1',
    `(0028,0004) CS [${photometric}]`,
    ...(p.frames && p.frames > 1 ? [`(0028,0008) IS [${p.frames}]`] : []),
    `(0028,0010) US ${p.rows}`,
    `(0028,0011) US ${p.columns}`,
    `(0028,0100) US ${p.bits}`,
    `(0028,0101) US ${p.bits === 16 ? 12 : 8}`,
    `(0028,0102) US ${p.bits === 16 ? 11 : 7}`,
    `(0028,0103) US ${p.signed ? 1 : 0}`,
  ];
}

/**
 * Writes a DICOM file from dump lines (latin1 or UTF-8, matching the lines' SpecificCharacterSet) and the
 * phantom's pixels, then converts it to the requested transfer syntax with DCMTK.
 */
export function makeDicom(
  dir: string,
  name: string,
  lines: readonly string[],
  phantom: Phantom,
  encoding: Encoding,
  charset: 'latin1' | 'utf8' = 'latin1',
): string {
  const raw = join(dir, `${name}.raw`);
  writeFileSync(raw, phantomPixels(phantom));
  const dump = join(dir, `${name}.dump`);
  const vr = phantom.bits === 8 ? 'OB' : 'OW';
  writeFileSync(
    dump,
    Buffer.from([...lines, ...pixelModule(phantom), `(7fe0,0010) ${vr} =${raw}`].join('\n') + '\n', charset),
  );
  const out = join(dir, `${name}.dcm`);
  const base = encoding in DUMP2DCM_FLAG ? DUMP2DCM_FLAG[encoding as keyof typeof DUMP2DCM_FLAG] : '+te';
  run('dump2dcm', ['-q', base, dump, out]);
  const compressed = join(dir, `${name}.c.dcm`);
  switch (encoding) {
    case 'rle':
      run('dcmcrle', ['-q', out, compressed]);
      return compressed;
    case 'jpeg-lossless':
      run('dcmcjpeg', ['-q', '+e1', out, compressed]);
      return compressed;
    case 'jpeg-baseline':
      run('dcmcjpeg', ['-q', '+eb', out, compressed]);
      return compressed;
    case 'jpeg-ls':
      run('dcmcjpls', ['-q', '+el', out, compressed]);
      return compressed;
    default:
      return out;
  }
}

/** dcmdump's text for one attribute (value between the brackets, or the bare numbers), for cross-checking. */
export function dcmdumpValue(file: string, keyword: string): string | undefined {
  const out = run('dcmdump', ['-q', '+P', keyword, '+U8', file]);
  const line = out.split('\n').find((l) => l.trim() !== '');
  if (!line) return undefined;
  const bracket = /\[(.*)\]/.exec(line);
  if (bracket) return bracket[1];
  const bare = /^\([0-9a-f]{4},[0-9a-f]{4}\) [A-Z]{2} (.*?)\s+#/.exec(line);
  return bare?.[1];
}
