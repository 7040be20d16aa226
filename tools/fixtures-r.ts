/**
 * Regenerates the statistics fixtures from R (npm run fixtures:r): runs tools/r/fixtures.R, which writes
 * src/core/stats/fixtures/*.json, then formats them with the project's Prettier settings so that they pass
 * `prettier --check` and diff readably. CI does not run this: the fixtures are committed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'src/core/stats/fixtures');

if (spawnSync('Rscript', ['--version']).error) {
  process.stderr.write(
    'Rscript not found. On Debian: apt-get install r-base-core r-cran-jsonlite r-cran-psych r-cran-lpsolve\n',
  );
  process.exit(1);
}
const run = spawnSync('Rscript', [join(root, 'tools/r/fixtures.R')], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

const options = (await prettier.resolveConfig(join(fixtures, 'x.json'))) ?? {};
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.json'))) {
  const path = join(fixtures, file);
  writeFileSync(path, await prettier.format(readFileSync(path, 'utf8'), { ...options, filepath: path }));
}
process.stdout.write(`formatted ${fixtures}\n`);
