import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exportFormatsSchema, exportJobSchema } from '../../core/api/exports.ts';
import { ManusError } from '../../core/errors.ts';
import { can } from '../../core/security/roles.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import { EXPORT_FORMATS } from '../../services/export/formats.ts';
import { ExportJobs } from '../../services/export/jobs.ts';
import { defineRoute, type RouteDef } from '../route.ts';

declare module 'fastify' {
  interface FastifyInstance {
    manusExports: ExportJobs;
  }
}

/** Gives the app its export jobs; closing the app waits for running exports and removes their files. */
export function runExportJobs(app: FastifyInstance, db: Database, dataDir: string): void {
  const jobs = new ExportJobs(db, dataDir);
  app.decorate('manusExports', jobs);
  app.addHook('onClose', () => jobs.close());
}

/** An identified export shows identities: only for those who may read them (the CLI's system actor may). */
const mayExportIdentified = (actor: Actor): boolean =>
  actor.role === 'system' || can(actor.role, 'identity.read');

const jobParams = z.object({ id: z.uuid() });

export const exportRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/exports/formats',
    access: 'data.export',
    tag: 'exports',
    summary: 'The export formats, and whether you may ask for an identified export',
    response: exportFormatsSchema,
    async handler({ actor }) {
      return {
        items: EXPORT_FORMATS.map((f) => ({
          name: f.name,
          description: f.description,
          reportsProgress: f.reportsProgress,
        })),
        identifiedAllowed: mayExportIdentified(actor),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/exports',
    access: 'data.export',
    tag: 'exports',
    summary:
      'Start an export (de-identified unless `identified`, which needs identity.read); audited; poll it, then download its zip',
    body: z.strictObject({ format: z.string().max(40), identified: z.boolean().default(false) }),
    response: exportJobSchema,
    status: 202,
    async handler({ actor, body, request }) {
      if (body.identified && !mayExportIdentified(actor))
        throw new ManusError('forbidden', 'An identified export needs the permission to read identities', [
          { path: 'identified', code: 'not_allowed', message: 'needs identity.read' },
        ]);
      return request.server.manusExports.start(actor, { format: body.format, identified: body.identified });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exports/:id',
    access: 'data.export',
    tag: 'exports',
    summary: 'The progress of one of your exports',
    params: jobParams,
    response: exportJobSchema,
    async handler({ actor, params, request }) {
      return request.server.manusExports.get(actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exports/:id/download',
    access: 'data.export',
    tag: 'exports',
    summary: 'One of your finished exports as a zip archive (application/zip)',
    params: jobParams,
    async handler({ actor, params, request, reply }) {
      const zip = await request.server.manusExports.download(actor, params.id);
      reply.type('application/zip');
      reply.header('content-length', zip.size);
      reply.header('content-disposition', `attachment; filename="${zip.fileName}"`);
      return zip.stream;
    },
  }),
];
