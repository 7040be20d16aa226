import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { ZodObject, type ZodType } from 'zod';
import { ManusError } from '../core/errors.ts';
import { illFormedText } from '../core/text/well-formed.ts';
import { dataDirOf, type Database } from '../db/connection.ts';
import { authorize } from './auth.ts';
import { zodFields } from '../core/zod-fields.ts';
import { handleError, sendError } from './errors.ts';
import { buildOpenApi } from './openapi.ts';
import type { RouteAccess, RouteDef } from './route.ts';
import { acceptImageUploads } from './routes/imaging.ts';
import { API_ROUTES } from './routes/index.ts';
import { runSodiumJobs } from './sodium-jobs.ts';
import { runExportJobs } from './routes/exports.ts';
import { runStatsOnWorkers } from './stats-workers.ts';
import { runAnalysisOnWorker } from './analysis-workers.ts';
import { sendStrictTransportSecurity, serverFactory, type Transport } from './transport.ts';
import { ROOT_DIR } from '../root.ts';

export interface AppOptions {
  db: Database;
  /** Folder of the built web app (web/dist); when absent the API is served alone. */
  webRoot?: string;
  logger?: boolean;
  /** Folder of stored images (default: the SQLite database's folder, or MANUS_DATA_DIR). */
  dataDir?: string;
  /** Keep the original of every uploaded image in the admin-only quarantine (off by default). */
  keepOriginals?: boolean;
  /**
   * Check every response against its route's response schema and answer 500 when it does not match (default: on
   * under vitest, off otherwise, so production does not pay for it).
   */
  checkResponses?: boolean;
  /** Size limit of one image upload, in bytes (default DEFAULT_UPLOAD_LIMIT_BYTES, 8 GiB). */
  uploadLimitBytes?: number;
  /** Time limit of one statistical test, in ms (default DEFAULT_STATS_TIME_LIMIT_MS). */
  statsTimeLimitMs?: number;
  /** Time limit of one sodium quantification's computation, in ms (default DEFAULT_SODIUM_TIME_LIMIT_MS). */
  sodiumTimeLimitMs?: number;
  /** TLS listener and trusted reverse proxies (see transport.ts); default: plain HTTP, no proxy trusted. */
  transport?: Transport;
}

export const DEFAULT_WEB_ROOT = resolve(ROOT_DIR, 'web/dist');

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  // The input is reported so that a missing field is told from a wrong one (see zodIssueCode).
  const result = schema.safeParse(value ?? {}, { reportInput: true });
  if (!result.success) {
    throw new ManusError('bad_request', `Invalid ${where}`, zodFields(result.error, where));
  }
  return result.data;
}

/**
 * A response that breaks its declared schema is a defect of the server: it fails loudly (logged, and 500) so that
 * route tests catch it. The body is checked as the client receives it, after JSON serialisation.
 */
function checkResponse(route: RouteDef, result: unknown, request: FastifyRequest): void {
  if (!route.response) return;
  const checked = route.response.safeParse(
    result === undefined ? undefined : JSON.parse(JSON.stringify(result)),
  );
  if (checked.success) return;
  const problems = checked.error.issues
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  const message = `Response of ${route.method} ${route.url} does not match its schema: ${problems}`;
  request.log.error({ issues: checked.error.issues }, message);
  process.emitWarning(message, 'ResponseSchemaMismatch');
  throw new Error(message);
}

/** A string that cannot be stored as sent (lone surrogate, NUL) is refused before anything reads it. */
function refuseIllFormedText(request: FastifyRequest): void {
  const fields = [
    ...illFormedText(request.params, 'params'),
    ...illFormedText(request.query, 'query'),
    ...illFormedText(request.body, 'body'),
  ];
  if (fields.length > 0) throw new ManusError('bad_request', 'Text that cannot be stored', fields);
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const checkResponses = options.checkResponses ?? process.env.VITEST !== undefined;
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: options.transport?.trustProxy ?? false,
    serverFactory: serverFactory(options.transport?.tls),
    // Refused before routing (a malformed URL, a path parameter over the router's length limit): the same shape.
    frameworkErrors: (error, request, reply) => {
      handleError(error, request, reply);
    },
  });
  app.setErrorHandler(handleError);
  const declared: DeclaredRoute[] = [];
  app.decorate('manusRoutes', declared);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = route.config?.access;
    // A route without a declared access rule would be an unguarded door: refuse to start.
    if (!access) throw new Error(`API route ${route.url} declares no permission`);
    for (const method of [route.method].flat())
      if (method !== 'HEAD') declared.push({ method, url: route.url, access });
  });
  await app.register(fastifyCookie);
  // Helmet's middleware is built once: the Fastify plugin rebuilt it on every request (3 % of an eCRF save).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets component styles inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Helmet would send HSTS over plain HTTP too: it is sent by the transport, over HTTPS only.
    hsts: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined)),
  );
  sendStrictTransportSecurity(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // API answers are not cached, unless a route says otherwise (stored image frames, which never change).
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  acceptImageUploads(app, db, {
    dataDir: options.dataDir,
    keepOriginals: options.keepOriginals ?? false,
    uploadLimitBytes: options.uploadLimitBytes,
  });
  runSodiumJobs(app, db, options.dataDir, options.sodiumTimeLimitMs);
  runExportJobs(app, db, options.dataDir ?? dataDirOf(db));
  runStatsOnWorkers(app, options.statsTimeLimitMs);
  runAnalysisOnWorker(app);

  const register = (route: RouteDef): void => {
    // Unknown body fields are refused rather than dropped: a client cannot slip in, say, its own score.
    const bodySchema = route.body instanceof ZodObject ? route.body.strict() : route.body;
    app.route({
      method: route.method,
      url: route.url,
      config: { access: route.access },
      handler: async (request, reply) => {
        const { session, actor } = await authorize(db, request, route.access);
        refuseIllFormedText(request);
        const params = parse(route.params, request.params, 'params');
        const query = parse(route.query, request.query, 'query');
        const body = parse(bodySchema, request.body, 'body');
        const result = await route.handler({ params, query, body, actor, session, db, request, reply });
        if (checkResponses) checkResponse(route, result, request);
        reply.status(route.status ?? 200);
        return route.status === 204 ? reply.send() : result;
      },
    });
  };
  for (const route of API_ROUTES) register(route);

  const openApi = buildOpenApi(API_ROUTES);
  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => openApi);

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const serveWeb = existsSync(resolve(webRoot, 'index.html'));
  if (serveWeb)
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz copies beside each file (web/vite.config.ts).
      preCompressed: true,
      cacheControl: false,
      setHeaders: staticCacheHeaders(webRoot),
    });
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      // Client-side routes (/participants/P-0001, ...) all load the single-page app.
      return reply.type('text/html').sendFile('index.html');
    }
    return sendError(
      reply,
      new ManusError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
    );
  });
  return app;
}

/**
 * The build's assets carry a hash of their content in their name, so a browser may keep them for good; the page that
 * names them (index.html, and the other files at the root) is revalidated so that a new build is picked up at once.
 */
const staticCacheHeaders =
  (webRoot: string) =>
  (response: SetHeadersResponse, path: string): void => {
    const hashedAsset = relative(webRoot, path).startsWith(`assets${sep}`);
    response.setHeader('cache-control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.setHeader('vary', 'accept-encoding');
  };

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every /api route as registered, with its access rule (for the authorisation tests). */
    manusRoutes: readonly DeclaredRoute[];
  }
}
