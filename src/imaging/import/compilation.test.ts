import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { skipOptimisingCompilerForShortImport, TURBOFAN_PAYS_OFF_AT_FILES } from './compilation.ts';

it('keeps the optimising compiler for long imports', () => {
  expect(skipOptimisingCompilerForShortImport(TURBOFAN_PAYS_OFF_AT_FILES)).toBe(false);
});

it('turns the optimising compiler off for a short import, in its own process', () => {
  // In a child process, since the flag is process-wide: a hot function stays unoptimised afterwards.
  const script = `
    import { skipOptimisingCompilerForShortImport } from './src/imaging/import/compilation.ts';
    const hot = (n) => { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; };
    const skipped = skipOptimisingCompilerForShortImport(1000);
    for (let k = 0; k < 200; k++) hot(100000);
    // Bit 4 (16) of %GetOptimizationStatus: the function runs TurboFan code.
    console.log(JSON.stringify({ skipped, turbofan: (%GetOptimizationStatus(hot) & 16) !== 0 }));
  `;
  const result = spawnSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual({ skipped: true, turbofan: false });
});
