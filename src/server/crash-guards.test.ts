import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('keeps the process running after an uncaught exception and an unhandled rejection, logging both', async () => {
  // A child process: an uncaught exception in the test worker itself would be vitest's to report.
  const script = `
    import { keepServingOnDefects } from './src/server/crash-guards.ts';
    keepServingOnDefects((line) => process.stderr.write(line + '\\n'));
    setTimeout(() => { throw new Error('thrown outside any handler'); }, 1);
    void Promise.reject(new Error('rejected with no handler'));
    setTimeout(() => process.stdout.write('still serving'), 50);
  `;
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: new URL('../../', import.meta.url).pathname,
      timeout: 60_000,
    },
  );
  expect(stdout).toBe('still serving');
  expect(stderr).toContain(
    'Uncaught exception (the server keeps running): Error: thrown outside any handler',
  );
  expect(stderr).toContain(
    'Unhandled promise rejection (the server keeps running): Error: rejected with no handler',
  );
});
