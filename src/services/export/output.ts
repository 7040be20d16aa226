import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';

/** Where a format writer puts its files: relative paths with forward slashes, under one export folder. */
export interface ExportOutput {
  write(path: string, content: string | Uint8Array): Promise<void>;
}

/** A relative path that stays inside the export folder (no absolute path, no `..`). */
function safeRelative(path: string): string {
  const normalized = normalize(path);
  if (path.startsWith('/') || normalized.split(sep).includes('..') || normalized === '.')
    throw new Error(`An export file must lie inside the export folder: ${path}`);
  return normalized;
}

/** Writes the export's files under `folder`, creating sub-folders as needed. */
export function folderOutput(folder: string): ExportOutput {
  return {
    async write(path, content) {
      const target = join(folder, safeRelative(path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    },
  };
}
