import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  importSummarySchema,
  inboxSchema,
  originalsPageSchema,
  seriesListSchema,
  studyAssignmentSchema,
} from '../../core/api/imaging.ts';
import { ManusError } from '../../core/errors.ts';
import { dataDirOf as databaseDataDir, type Database } from '../../db/connection.ts';
import { listOriginals } from '../../db/repositories/imaging/originals.ts';
import { listExamSeries } from '../../db/repositories/imaging/series.ts';
import { assignInboxStudy } from '../../services/imaging/assign.ts';
import { listInbox } from '../../services/imaging/inbox.ts';
import { runImport } from '../../services/imaging/import.ts';
import {
  auditUploadFailure,
  DEFAULT_UPLOAD_LIMIT_BYTES,
  newUploadPath,
  removeStaleUploads,
  saveUpload,
  uploadTooLarge,
} from '../../services/imaging/uploads.ts';
import { readOriginal } from '../../services/imaging/originals.ts';
import { seriesThumbnail } from '../../services/imaging/thumbnail.ts';
import { importSources } from '../../imaging/import/sources.ts';
import { isGzip } from '../../imaging/nifti/inflate.ts';
import { autoAssignOnImages } from '../../services/reading/assign.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { dicomUid, uuidParams } from '../schemas.ts';

/** Upload bodies Manus accepts, passed to the handler as a stream (never buffered by the server). */
export const UPLOAD_TYPES = ['application/zip', 'application/dicom', 'application/octet-stream'] as const;

/**
 * Lets image uploads through as streams, and records where images are stored, whether uploads keep their
 * originals in the quarantine (a server setting, never a choice of the uploader) and the size limit of one upload.
 * Uploads left behind by a killed server are removed when the app is ready. Called once by buildApp.
 */
export function acceptImageUploads(
  app: FastifyInstance,
  db: Database,
  settings: { dataDir: string | undefined; keepOriginals: boolean; uploadLimitBytes: number | undefined },
): void {
  // Uploads left by a server killed mid-import are identifying originals: they go before anything is served.
  app.addHook('onReady', async () => {
    const removed = await removeStaleUploads(settings.dataDir ?? databaseDataDir(db));
    if (removed.length > 0)
      app.log.warn({ files: removed.map((u) => u.path) }, 'removed uploads left by an interrupted import');
  });
  app.addContentTypeParser([...UPLOAD_TYPES], (_request, payload, done) => done(null, payload));
  app.decorate('manusImagingDataDir', settings.dataDir ?? null);
  app.decorate('manusKeepOriginals', settings.keepOriginals);
  app.decorate('manusUploadLimitBytes', settings.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES);
}

declare module 'fastify' {
  interface FastifyInstance {
    manusImagingDataDir: string | null;
    manusKeepOriginals: boolean;
    manusUploadLimitBytes: number;
  }
}

/** Where images are stored: the server's setting, else the data folder of the database. */
export const dataDirOf = (request: FastifyRequest, db: Database): string =>
  request.server.manusImagingDataDir ?? databaseDataDir(db);

export const imagingRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/exams/:id/images',
    access: 'imaging.import',
    tag: 'imaging',
    summary:
      'Upload images to an MRI exam: a zip archive or one DICOM file as the request body (application/zip, application/dicom or application/octet-stream); answers the import summary. ' +
      'Limits: the upload 8 GiB (the server setting MANUS_UPLOAD_LIMIT_GB), 413 beyond; one file or zip entry 1 GiB; a zip 100,000 entries and 32 GiB uncompressed, with relative entry names inside the archive',
    params: uuidParams,
    response: importSummarySchema,
    async handler({ db, actor, params, request }) {
      const body = request.body;
      if (!(body instanceof Readable)) {
        throw new ManusError(
          'bad_request',
          `Send the images as the request body, with Content-Type ${UPLOAD_TYPES.join(', ')}`,
        );
      }
      const limit = request.server.manusUploadLimitBytes;
      const dataDir = dataDirOf(request, db);
      const path = await newUploadPath(dataDir);
      let received = 0;
      try {
        if (Number(request.headers['content-length']) > limit) throw uploadTooLarge(limit);
        received = await saveUpload(body, path, limit);
        const summary = await runImport(importSources([path]), {
          db,
          actor,
          dataDir,
          exam: params.id,
          keepOriginals: request.server.manusKeepOriginals,
          // Parsing a large file on the event loop would stall every other request.
          callingThread: false,
        });
        // The temporary name means nothing to the user; entries of an uploaded zip keep their own names.
        const errors = summary.errors.map((e) => ({
          ...e,
          path: e.path === path ? 'upload' : e.path.replace(`${path}!`, ''),
        }));
        if (summary.imported + summary.skipped === 0) {
          throw new ManusError(
            'invalid',
            'No image in the upload could be imported',
            errors.map((e) => ({ path: e.path, code: 'unreadable', message: e.reason })),
          );
        }
        return { ...summary, errors };
      } catch (error) {
        await auditUploadFailure(db, actor, { examId: params.id, bytes: received, error }).catch(
          (auditError: unknown) => request.log.error({ err: auditError }, 'could not audit a failed upload'),
        );
        throw error;
      } finally {
        await rm(path, { force: true });
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exams/:id/series',
    access: 'exam.read',
    tag: 'imaging',
    summary: 'The image series of an MRI exam: description, nucleus (1H or 23NA), dimensions, instance count',
    params: uuidParams,
    response: seriesListSchema,
    async handler({ db, params }) {
      return { items: await listExamSeries(db.kysely, params.id) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exams/:id/series/:series/thumbnail',
    access: 'imaging.read',
    tag: 'imaging',
    summary:
      'A PNG of the middle frame of a series of an MRI exam, windowed to its 1st–99th percentile, at most 128 pixels a side',
    params: uuidParams.extend({ series: dicomUid }),
    async handler({ db, params, reply, request }) {
      const png = await seriesThumbnail(db, dataDirOf(request, db), params.id, params.series);
      reply.type('image/png');
      return png;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/imaging/inbox',
    access: 'imaging.import',
    tag: 'imaging',
    summary:
      'The unassigned inbox: studies imported without a participant or exam, under their inbox codes (dates shifted)',
    response: inboxSchema,
    async handler({ db }) {
      return { items: await listInbox(db.kysely) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/imaging/inbox/:study/assign',
    access: 'imaging.import',
    tag: 'imaging',
    summary:
      "Assign an inbox study to an MRI exam: its files are rewritten under the participant's code and date shift",
    params: z.object({ study: dicomUid }),
    body: z.object({ examId: z.uuid({ message: 'must be the id of an MRI exam (a UUID)' }) }),
    response: studyAssignmentSchema,
    async handler({ db, actor, params, body, request }) {
      const assignment = await assignInboxStudy({
        db,
        actor,
        dataDir: dataDirOf(request, db),
        studyInstanceUid: params.study,
        examId: body.examId,
      });
      await autoAssignOnImages(db, actor, body.examId);
      return assignment;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/imaging/originals',
    access: 'imaging.originals',
    tag: 'imaging',
    summary:
      'The quarantine of original (identifying) image files, newest first, with the de-identified record each became',
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: originalsPageSchema,
    async handler({ db, query }) {
      return listOriginals(db.kysely, query);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/imaging/originals/:uid',
    access: 'imaging.originals',
    tag: 'imaging',
    summary:
      'One original file as it was imported (identifying): by the de-identified SOP Instance UID (DICOM) or series UID (NIfTI); audited',
    params: z.object({ uid: dicomUid }),
    async handler({ db, actor, params, reply, request }) {
      const { uid, format, bytes } = await readOriginal(db, actor, dataDirOf(request, db), params.uid);
      const extension = format === 'dicom' ? '.dcm' : isGzip(bytes) ? '.nii.gz' : '.nii';
      reply.type(format === 'dicom' ? 'application/dicom' : 'application/octet-stream');
      reply.header('content-disposition', `attachment; filename="${uid}${extension}"`);
      return bytes;
    },
  }),
];
