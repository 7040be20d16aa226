/**
 * The load both save benchmarks put on a Manus server: 64 clients, each logged in with its own session and saving
 * its own record (PUT or PATCH with the version its last save returned), run in a child process so that the
 * benchmark's process carries only the server and its processor time is the server's. The clients share the
 * machine's cores with the server, so they use node:http on a kept-alive connection each rather than fetch: fetch
 * took 0.57–0.68 ms of processor time per save, nearly as much as the server itself (node:http: 0.21–0.36 ms); that
 * time is printed with each run. Two runs:
 *
 * - closed loop: every client saves again as soon as its answer comes, for the server's full throughput. Its
 *   latency follows from that throughput: with 64 clients always waiting, the mean is 64 ÷ saves/s (Little's law),
 *   so at 1,000 saves/s it is 64 ms whatever the server does;
 * - open loop at a set rate (1,000 saves/s in all): each client saves on a fixed schedule, every 64 ms, and a
 *   save's latency counts from when it was due, not from when it was sent, so a server that falls behind is charged
 *   for the queue it causes (no coordinated omission). This is the latency at the target rate.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** The target of both save benchmarks (issues 11 and 12). */
export const SAVE_TARGET = { savesPerSecond: 1000, p99Ms: 50 };

export interface LoadClient {
  username: string;
  password: string;
  /** The record this client saves, e.g. /api/participants/P-001/forms/V0/demographics. */
  url: string;
  /** PUT (the default) or PATCH. */
  method?: 'PUT' | 'PATCH';
  /** The save bodies, sent in turn, each with `version` set to the client's current version. */
  bodies: readonly Record<string, unknown>[];
  /** The record's version before the first save. */
  version: number;
}

export interface LoadResult {
  saves: number;
  savesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The server's (this process's) processor time per save while the clients saved. */
  serverCpuMsPerSave: number;
  /** The load clients' (the child process's) processor time per save: what the harness takes from the machine. */
  clientsCpuMsPerSave: number;
}

/** Runs in the child: logs every client in, then saves in the mode asked; prints the latencies. */
const CLIENT_SCRIPT = `
let base, clients, seconds, rate;
const http = require('node:http');
/** One request on the client's own kept-alive connection (as a browser tab keeps one); the answer's status and body. */
function request(session, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method, headers, agent: session.agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
async function login(client) {
  const session = { ...client, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), saved: 0 };
  const body = JSON.stringify({ username: client.username, password: client.password });
  const response = await request(session, 'POST', '/api/session', { 'content-type': 'application/json' }, body);
  if (response.status !== 200) throw new Error('login ' + response.status + ' ' + response.text);
  session.cookie = response.headers['set-cookie'].map((c) => c.split(';')[0]).join('; ');
  session.csrfToken = JSON.parse(response.text).csrfToken;
  return session;
}
async function save(session) {
  const body = JSON.stringify({ ...session.bodies[session.saved % session.bodies.length], version: session.version });
  const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  const response = await request(session, session.method ?? 'PUT', session.url, headers, body);
  if (response.status !== 200) throw new Error('save ' + response.status + ' ' + response.text);
  session.version = JSON.parse(response.text).version;
  session.saved += 1;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function closedLoop(session, end) {
  const latencies = [];
  while (performance.now() < end) {
    const t0 = performance.now();
    await save(session);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}
async function openLoop(session, index, start, end) {
  const period = (clients.length / rate) * 1000;
  const latencies = [];
  for (let due = start + (index * period) / clients.length; due < end; due += period) {
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await save(session);
    latencies.push(performance.now() - due);
  }
  return latencies;
}
(async () => {
  let config = '';
  for await (const chunk of process.stdin) config += chunk;
  ({ base, clients, seconds, rate } = JSON.parse(config));
  // Logging in hashes passwords, which is not what is measured; one save each then opens every connection, so
  // the timed run starts on open connections (a server busy answering saves accepts new ones slowly).
  const sessions = await Promise.all(clients.map(login));
  await Promise.all(sessions.map(save));
  for (const mode of ['closed', 'open']) {
    process.stdout.write('start ' + mode + '\\n');
    const start = performance.now();
    const cpu = process.cpuUsage();
    const end = start + seconds * 1000;
    const latencies = await Promise.all(
      sessions.map((session, i) => (mode === 'closed' ? closedLoop(session, end) : openLoop(session, i, start, end))),
    );
    const used = process.cpuUsage(cpu);
    const clientCpuMs = (used.user + used.system) / 1000;
    process.stdout.write(JSON.stringify({ mode, latencies, elapsed: performance.now() - start, clientCpuMs }) + '\\n');
  }
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
`;

/** Runs the closed loop, then the open loop at `rate` saves/s, each for `seconds`, against the server at `base`. */
export async function runLoad(options: {
  base: string;
  clients: readonly LoadClient[];
  seconds: number;
  rate: number;
}): Promise<{ closed: LoadResult; open: LoadResult & { offeredPerSecond: number } }> {
  const { base, clients, seconds, rate } = options;
  // The configuration goes through stdin: 64 clients' bodies overflow a command line.
  const child = spawn(process.execPath, ['-e', CLIENT_SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify({ base, clients, seconds, rate }));
  const results = new Map<string, LoadResult>();
  let cpu = process.cpuUsage();
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('start ')) {
        cpu = process.cpuUsage();
        continue;
      }
      const run = JSON.parse(line) as {
        mode: string;
        latencies: number[][];
        elapsed: number;
        clientCpuMs: number;
      };
      results.set(
        run.mode,
        summarise(run.latencies.flat(), run.elapsed, process.cpuUsage(cpu), run.clientCpuMs),
      );
    }
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const closed = results.get('closed');
  const open = results.get('open');
  if (exitCode !== 0 || !closed || !open) throw new Error(`the load clients exited with ${exitCode}`);
  return { closed, open: { offeredPerSecond: rate, ...open } };
}

function summarise(
  latencies: number[],
  elapsedMs: number,
  cpu: NodeJS.CpuUsage,
  clientCpuMs: number,
): LoadResult {
  const sorted = latencies.sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return {
    saves: sorted.length,
    savesPerSecond: Math.round(sorted.length / (elapsedMs / 1000)),
    p50Ms: +quantile(0.5).toFixed(1),
    p99Ms: +quantile(0.99).toFixed(1),
    serverCpuMsPerSave: +((cpu.user + cpu.system) / 1000 / sorted.length).toFixed(3),
    clientsCpuMsPerSave: +(clientCpuMs / sorted.length).toFixed(3),
  };
}

/** Processor time of this process (user + system) spent in `work`, in ms, with its wall time. */
export async function timed(work: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The verdict both save benchmarks print: the two loops, the reference (a bare insert measured in the same run),
 * the ratios to it, and whether the target is met: the throughput in the closed loop, the p99 in the open loop at the
 * target rate (which the server must also keep up with).
 */
export function saveVerdict(
  load: Awaited<ReturnType<typeof runLoad>>,
  reference: { insertsPerSecond: number; cpuMsPerInsert: number },
) {
  const { closed, open } = load;
  return {
    closedLoop: closed,
    openLoopAtTarget: open,
    bareInsert: {
      insertsPerSecond: Math.round(reference.insertsPerSecond),
      cpuMsPerInsert: +reference.cpuMsPerInsert.toFixed(3),
    },
    ratioToBareInsert: {
      throughput: +(closed.savesPerSecond / reference.insertsPerSecond).toFixed(2),
      cpu: +(closed.serverCpuMsPerSave / reference.cpuMsPerInsert).toFixed(1),
    },
    targets: SAVE_TARGET,
    met: {
      savesPerSecond: closed.savesPerSecond >= SAVE_TARGET.savesPerSecond,
      p99AtTargetRate:
        open.p99Ms < SAVE_TARGET.p99Ms && open.savesPerSecond >= 0.99 * SAVE_TARGET.savesPerSecond,
    },
  };
}
