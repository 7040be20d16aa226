import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../../bin/manus.js');

/** Runs the real `manus` executable; stats needs no database. */
function manus(args: string[], input = '') {
  const result = spawnSync(process.execPath, [BIN, 'stats', ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('manus stats', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manus-stats-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the tests and documents each input', () => {
    const list = manus(['--list']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((t) => t.name)).toContain('cohen-kappa');
    const help = manus(['cohen-kappa', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('"none" | "linear" | "quadratic"');
    expect(help.stdout).toContain('"Infinity"');
  });

  it('reads a file and prints one JSON object, infinite values as strings', () => {
    const file = join(dir, 'table.json');
    writeFileSync(
      file,
      JSON.stringify({
        table: [
          [6, 0],
          [0, 7],
        ],
      }),
    );
    const run = manus(['fisher-exact', '--input', file]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      oddsRatio: 'Infinity',
      ci: [expect.any(Number), 'Infinity'],
    });
  });

  it('reads standard input and exits 2 on bad input, naming the field and what is allowed', () => {
    const bad = manus(['p-adjust', '--input', '-'], JSON.stringify({ p: [0.01, 1.5], method: 'fdr' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('p.1: must be a p-value between 0 and 1');
    expect(bad.stderr).toContain('method: must be one of: holm, bh, bonferroni');
    const good = manus(
      ['p-adjust', '--input', '-'],
      JSON.stringify({ p: [0.01, 0.04, 0.03], method: 'holm' }),
    );
    expect(JSON.parse(good.stdout)).toEqual({ adjusted: [0.03, 0.06, 0.06], method: 'holm' });
  });
});
