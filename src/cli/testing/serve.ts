import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The `manus` command as users run it (the compiled CLI when it is fresh, else through tsx). */
export const MANUS_BIN = resolve(import.meta.dirname, '../../../bin/manus.js');

/** A port nothing listens on now, for a `manus serve` child process. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface ServeProcess {
  process: ChildProcess;
  url: string;
  /** Settles when the process has ended, however it ended. */
  exited: Promise<void>;
}

/**
 * `manus serve` as a child process with this environment, once it says it is running. It listens on a port the
 * system chooses (`--port 0`) and is reached at the address it prints, so that address is checked by every use.
 */
export async function serveProcess(env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [MANUS_BIN, 'serve', '--port', '0'], { env });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((ready, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const running = /Manus is running at (http:\/\/127\.0\.0\.1:[1-9]\d*) /.exec(out);
      if (running) ready(running[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`manus serve exited with ${code}: ${out}`)));
  });
  return { process: child, url, exited };
}
