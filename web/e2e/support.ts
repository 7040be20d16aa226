/**
 * Shared setup of the browser end-to-end tests: the real server (in-process, temporary SQLite, demo data) serving
 * the built web app, driven by the system Chromium through playwright-core.
 *
 * The tests skip with a notice when /usr/bin/chromium is missing, unless MANUS_REQUIRE_BROWSER=1 (then they fail).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { seedDemo } from '../../src/db/demo/seed.ts';
import { buildApp } from '../../src/server/app.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../src/services/report/chromium.ts';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = resolve(webDir, 'dist');
const repoRoot = resolve(webDir, '..');
export const resultsDir = resolve(repoRoot, 'test-results');

export const browserRequired = process.env.MANUS_REQUIRE_BROWSER === '1';
export const browserPresent = existsSync(CHROMIUM);
/** Whether the browser tests run; prints why not when they do not. */
export function browserTestsEnabled(): boolean {
  if (!browserPresent && !browserRequired) {
    process.stderr.write(
      `[web e2e] ${CHROMIUM} not found: skipping the browser end-to-end test. ` +
        'Install it (apt-get install chromium) or set MANUS_REQUIRE_BROWSER=1 to make this a failure.\n',
    );
  }
  return browserPresent || browserRequired;
}

/** Newest modification time of the web sources, to rebuild a stale dist. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  const index = resolve(distDir, 'index.html');
  if (!existsSync(index)) return false;
  const sources = Math.max(
    newestSource(resolve(webDir, 'src')),
    statSync(resolve(webDir, 'index.html')).mtimeMs,
    statSync(resolve(webDir, 'vite.config.ts')).mtimeMs,
  );
  return sources <= statSync(index).mtimeMs;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds web/dist when a source is newer. Test files run in parallel: a lock directory lets one build while the
 * others wait for it, so no file reads a half-written dist.
 */
async function ensureWebBuilt(): Promise<void> {
  const lock = resolve(webDir, '.e2e-build.lock');
  for (let waited = 0; ; waited += 200) {
    // While another file builds, index.html may be written before the last chunks: wait for the lock to go.
    if (!existsSync(lock) && distIsFresh()) return;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than 5 minutes is from a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      if (waited > 240_000) throw new Error(`web build lock ${lock} held for too long`);
      await sleep(200);
    }
  }
  try {
    if (distIsFresh()) return;
    const { build } = await import('vite');
    // Vitest sets NODE_ENV=test, which would bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: resolve(webDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Account {
  username: string;
  password: string;
  role: string;
  displayName: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface E2E {
  baseUrl: string;
  /** The server's database and data folder, for set-up that has no API (an import to the image inbox). */
  db: Database;
  dataDir: string;
  accounts: readonly Account[];
  /** Errors thrown in any page of the run (uncaught exceptions). */
  pageErrors: string[];
  account(role: string): Account;
  newPage(options?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  logIn(page: Page, who: Account): Promise<void>;
  /** Calls the API as an account (session cookie and CSRF token), outside the browser: for test set-up. */
  api(
    who: Account,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  if (!browserPresent) {
    throw new Error(`MANUS_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: install Chromium to run this test.`);
  }
  await ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'manus-e2e-'));
  let db: Database | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let browser: Browser | undefined;
  try {
    db = await openDatabase({ dataDir });
    const accounts = (await seedDemo(db)).accounts as readonly Account[];
    app = await buildApp({ db, webRoot: distDir, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    const pageErrors: string[] = [];
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    const server = app;
    const running = browser;
    const database = db;

    return {
      baseUrl,
      db: database,
      dataDir,
      accounts,
      pageErrors,
      account(role) {
        const found = accounts.find((a) => a.role === role);
        if (!found) throw new Error(`The demo seed has no ${role} account`);
        return found;
      },
      async newPage(options = {}) {
        const context = await running.newContext({
          viewport: { width: 1366, height: 900 },
          locale: options.locale ?? 'en-GB',
        });
        // Fail fast with the step that did not happen, well within the test's own timeout.
        context.setDefaultTimeout(8_000);
        const page = await context.newPage();
        page.on('pageerror', (error) => pageErrors.push(error.message));
        return { context, page };
      },
      async logIn(page, who) {
        await page.goto(`${baseUrl}/login`);
        await page
          .getByRole('textbox', { name: /^(Username|Identifiant|Nom d’utilisateur)$/ })
          .fill(who.username);
        const password = page.getByRole('textbox', { name: /^(Password|Mot de passe)$/ });
        await password.fill(who.password);
        await password.press('Enter');
        await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      },
      async api(who, method, url, body) {
        let session = sessions.get(who.username);
        if (!session) {
          const login = await server.inject({
            method: 'POST',
            url: '/api/session',
            payload: { username: who.username, password: who.password },
          });
          if (login.statusCode !== 200) throw new Error(`login ${who.username} failed: ${login.body}`);
          session = {
            cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
            csrf: (login.json() as { csrfToken: string }).csrfToken,
          };
          sessions.set(who.username, session);
        }
        const response = await server.inject({
          method,
          url,
          headers: {
            cookie: session.cookie,
            'x-csrf-token': session.csrf,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
        });
        return { status: response.statusCode, body: response.body ? (response.json() as unknown) : null };
      },
      async close() {
        await running.close();
        await server.close();
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await app?.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export function ensureResultsDir(): string {
  mkdirSync(resultsDir, { recursive: true });
  return resultsDir;
}
