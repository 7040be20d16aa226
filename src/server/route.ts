import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z, ZodType } from 'zod';
import type { Permission } from '../core/security/roles.ts';
import type { Database } from '../db/connection.ts';
import type { Actor } from '../db/actor.ts';
import type { ActiveSession } from '../db/repositories/sessions.ts';

/**
 * Every API route is declared through this one shape: the permission it needs, its zod schemas and its handler.
 * The server registers them, validates input with the schemas, checks the permission, and builds OpenAPI from them.
 * The response schema (from src/core/api, shared with the web app) types the handler's result, documents it, and
 * is checked against every response while tests run.
 * `public` needs no login; `authenticated` needs a login and nothing more.
 */
export type RouteAccess = Permission | 'public' | 'authenticated';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  session: ActiveSession | null;
  db: Database;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<
  P extends ZodType = ZodType,
  Q extends ZodType = ZodType,
  B extends ZodType = ZodType,
  R extends ZodType = ZodType,
> {
  method: HttpMethod;
  url: string;
  access: RouteAccess;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The JSON body of the success response. */
  response?: R;
  /** Success status (default 200; 204 sends no body). */
  status?: number;
  handler(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

/** Identity helper that keeps the schema-to-handler type inference. */
export function defineRoute<P extends ZodType, Q extends ZodType, B extends ZodType, R extends ZodType>(
  def: RouteDef<P, Q, B, R>,
): RouteDef {
  return def as unknown as RouteDef;
}
