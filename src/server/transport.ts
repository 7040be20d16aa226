import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { FastifyInstance } from 'fastify';
import { ManusError } from '../core/errors.ts';

/**
 * How the server is reached: directly over HTTP or HTTPS (its own TLS listener), or behind a reverse proxy that
 * terminates TLS. The session cookie is marked `Secure` whenever the request came over HTTPS, which behind a proxy
 * Fastify learns from `X-Forwarded-Proto` only if the proxy's address is trusted (`trustProxy`): an untrusted
 * client could otherwise claim HTTPS, or any client IP, and dodge the per-client login limits.
 */
export interface Transport {
  /** PEM certificate chain and private key: the server speaks HTTPS itself. */
  tls?: { cert: Buffer; key: Buffer };
  /**
   * Addresses or CIDR ranges of trusted reverse proxies (comma-separated; `loopback`, `uniquelocal` also work):
   * their X-Forwarded-For/-Proto/-Host headers are then honoured.
   */
  trustProxy?: string;
}

/** The trust-proxy setting from `--trust-proxy` or MANUS_TRUST_PROXY: the proxies' addresses. */
export function parseTrustProxy(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text === 'true' || text === '*' || /^\d+$/.test(text))
    throw new ManusError('bad_request', 'Refusing to trust every proxy', [
      {
        path: 'trustProxy',
        code: 'invalid_option',
        message: 'name the proxy: its addresses or CIDR ranges (e.g. 127.0.0.1 or 10.0.0.0/8)',
      },
    ]);
  return text;
}

/** Reads the TLS certificate and key files; both or neither must be given. */
export function readTls(certFile: string | undefined, keyFile: string | undefined): Transport['tls'] {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile)
    throw new ManusError('bad_request', 'A TLS listener needs both a certificate and its key', [
      {
        path: certFile ? 'tlsKey' : 'tlsCert',
        code: 'required',
        message: 'give both --tls-cert and --tls-key',
      },
    ]);
  const read = (file: string, path: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ManusError('bad_request', `Cannot read ${file}: ${(error as Error).message}`, [
        { path, code: 'unreadable', message: 'must be a readable PEM file' },
      ]);
    }
  };
  return { cert: read(certFile, 'tlsCert'), key: read(keyFile, 'tlsKey') };
}

/**
 * Fastify's serverFactory: an HTTPS server when TLS is configured, plain HTTP otherwise, keeping idle connections
 * as long as Fastify's `keepAliveTimeout` says (72 s by default). Fastify sets it only on the servers it creates
 * itself; with Node's own 5 s, a client saving less often than that reconnected for each save, and a server busy
 * answering saves accepts new connections slowly (some waited seconds with 64 clients in bench:form-save).
 */
export function serverFactory(
  tls: Transport['tls'],
): (handler: RequestListener, options: { keepAliveTimeout?: number }) => Server {
  return (handler, options) => {
    const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    return server;
  };
}

/**
 * A year, the usual HSTS lifetime. Without `includeSubDomains`: the hospital's other hosts under the same domain are
 * not Manus's to move to HTTPS.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * Once a browser has reached Manus over HTTPS (its own TLS listener, or a trusted proxy's `X-Forwarded-Proto`), it is
 * told to use HTTPS only from then on, so that a later `http://` link or a network attacker cannot downgrade it and
 * read the session cookie. Never sent over plain HTTP: browsers ignore it there, and a server without TLS must stay
 * reachable.
 */
export function sendStrictTransportSecurity(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  });
}
