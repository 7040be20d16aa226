import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ManusError } from '../../core/errors.ts';

/**
 * The manifest of a backup folder: what it holds and each file's size and SHA-256, so that a restore proves the
 * copy whole before it writes anything, and a backup can be checked on its own (sha256sum reads the same sums).
 */
export const MANIFEST_FILE = 'manifest.json';

const fileEntry = z.object({
  /** Relative to the backup folder, with forward slashes: `database/manus.sqlite`, `store/dicom/ab/ab….dcm`. */
  path: z
    .string()
    .min(1)
    .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'a relative path inside the backup'),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const backupManifestSchema = z.object({
  format: z.literal('manus-backup'),
  formatVersion: z.literal(1),
  id: z.string().uuid(),
  createdAt: z.string(),
  manusVersion: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  /** The database snapshot, one of `files`. */
  database: z.string(),
  files: z.array(fileEntry),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackupFile = z.infer<typeof fileEntry>;

/** Copies a file while hashing it, so that each byte is read once. */
export async function copyHashed(from: string, to: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx' }));
  return { size, sha256: hash.digest('hex') };
}

export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(backupDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new ManusError(
      'invalid',
      `${backupDir} is not a Manus backup: it has no readable ${MANIFEST_FILE}`,
      [
        {
          path: 'backup',
          code: 'not_found',
          message: error instanceof Error ? error.message : String(error),
        },
      ],
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ManusError('invalid', `The ${MANIFEST_FILE} of ${backupDir} is not valid JSON`);
  }
  const result = backupManifestSchema.safeParse(parsed);
  if (!result.success || !result.data.files.some((f) => f.path === result.data.database))
    throw new ManusError('invalid', `The ${MANIFEST_FILE} of ${backupDir} is not a Manus backup manifest`);
  return result.data;
}
