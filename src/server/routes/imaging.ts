import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ManusError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import {
  auditOriginalRead,
  findExamSeries,
  findOriginal,
  findInstances,
  findSeries,
  findStudies,
  listExamSeries,
  listInbox,
  listOriginals,
  type StoredInstance,
} from '../../db/repositories/imaging.ts';
import { withTransaction } from '../../db/transaction.ts';
import { json, type DicomJson } from '../../imaging/dicomweb/json.ts';
import { multipartRelated } from '../../imaging/dicomweb/multipart.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { assignInboxStudy } from '../../imaging/import/assign.ts';
import { runImport } from '../../imaging/import/importer.ts';
import { importSources } from '../../imaging/import/sources.ts';
import { isGzip } from '../../imaging/nifti/deidentify.ts';
import { openOriginalsStore } from '../../imaging/store/open.ts';
import { middleFrame, niftiThumbnail, thumbnailPng } from '../../imaging/thumbnail.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { uuidParams } from '../schemas.ts';

/** Upload bodies Manus accepts, passed to the handler as a stream (never buffered by the server). */
export const UPLOAD_TYPES = ['application/zip', 'application/dicom', 'application/octet-stream'] as const;
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/**
 * Lets image uploads through as streams, and records where images are stored and whether uploads keep their
 * originals in the quarantine (a server setting, never a choice of the uploader). Called once by buildApp.
 */
export function acceptImageUploads(
  app: FastifyInstance,
  settings: { dataDir: string | undefined; keepOriginals: boolean },
): void {
  app.addContentTypeParser([...UPLOAD_TYPES], (_request, payload, done) => done(null, payload));
  app.decorate('manusImagingDataDir', settings.dataDir ?? null);
  app.decorate('manusKeepOriginals', settings.keepOriginals);
}

declare module 'fastify' {
  interface FastifyInstance {
    manusImagingDataDir: string | null;
    manusKeepOriginals: boolean;
  }
}

const dataDirOf = (request: FastifyRequest, db: Database): string =>
  request.server.manusImagingDataDir ?? StoredImages.dataDirOf(db);

const uid = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'must be a DICOM UID')
  .max(64, 'must be a DICOM UID (at most 64 characters)');
const studyParams = z.object({ study: uid });
const seriesParams = z.object({ study: uid, series: uid });
const instanceParams = z.object({ study: uid, series: uid, instance: uid });
const frameParams = instanceParams.extend({
  frames: z
    .string()
    .regex(/^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,999}$/, 'must be frame numbers from 1, separated by commas'),
});
const dicomDate = z.string().regex(/^(\d{8})?(-(\d{8})?)?$/, 'must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD');

const DICOM_JSON = 'application/dicom+json';

/** Streams the body to a temporary file, refusing more than MAX_UPLOAD_BYTES. */
async function saveUpload(body: Readable, path: string): Promise<void> {
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > MAX_UPLOAD_BYTES)
        callback(new ManusError('bad_request', `Upload larger than ${MAX_UPLOAD_BYTES} bytes`));
      else callback(null, chunk);
    },
  });
  await pipeline(body, limit, createWriteStream(path, { flags: 'wx' }));
}

const instanceUrl = (i: StoredInstance): string =>
  `/api/dicomweb/studies/${i.studyInstanceUid}/series/${i.seriesInstanceUid}/instances/${i.sopInstanceUid}`;

async function* storedFiles(
  images: StoredImages,
  instances: readonly StoredInstance[],
): AsyncGenerator<Uint8Array> {
  for (const i of instances) yield await images.read(i);
}

/** The instances a WADO-RS path names (a study, a series or one instance), or 404 naming the missing level. */
async function scopedInstances(
  db: Database,
  scope: { study: string; series?: string; instance?: string },
): Promise<StoredInstance[]> {
  const what = scope.instance
    ? `Instance ${scope.instance}`
    : scope.series
      ? `Series ${scope.series}`
      : `Study ${scope.study}`;
  const found = await findInstances(db.kysely, {
    studyInstanceUid: scope.study,
    ...(scope.series ? { seriesInstanceUid: scope.series } : {}),
    ...(scope.instance ? { sopInstanceUid: scope.instance } : {}),
  });
  if (found.length === 0) throw new ManusError('not_found', `${what} not found`);
  return found;
}

/** Streams stored Part 10 files as multipart/related; type="application/dicom". */
function sendDicomFiles(
  reply: FastifyReply,
  images: StoredImages,
  instances: readonly StoredInstance[],
): Readable {
  const { contentType, body } = multipartRelated('application/dicom', storedFiles(images, instances));
  reply.type(contentType);
  return body;
}

export const imagingRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/exams/:id/images',
    access: 'imaging.import',
    tag: 'imaging',
    summary:
      'Upload images to an MRI exam: a zip archive or one DICOM file as the request body (application/zip, application/dicom or application/octet-stream); answers the import summary',
    params: uuidParams,
    async handler({ db, actor, params, request }) {
      const body = request.body;
      if (!(body instanceof Readable)) {
        throw new ManusError(
          'bad_request',
          `Send the images as the request body, with Content-Type ${UPLOAD_TYPES.join(', ')}`,
        );
      }
      const dataDir = dataDirOf(request, db);
      const uploads = join(dataDir, 'uploads');
      await mkdir(uploads, { recursive: true });
      const path = join(uploads, `${randomUUID()}.upload`);
      try {
        await saveUpload(body, path);
        const summary = await runImport(importSources([path]), {
          db,
          actor,
          dataDir,
          exam: params.id,
          keepOriginals: request.server.manusKeepOriginals,
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
            errors.map((e) => ({ path: e.path, message: e.reason })),
          );
        }
        return { ...summary, errors };
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
    params: uuidParams.extend({ series: uid }),
    async handler({ db, params, reply, request }) {
      const series = await findExamSeries(db.kysely, params.id, params.series);
      const images = new StoredImages(dataDirOf(request, db));
      const png =
        series.format === 'nifti'
          ? niftiThumbnail(await images.readNifti(series.fileKey))
          : thumbnailPng(
              await middleFrame(
                await findInstances(db.kysely, {
                  studyInstanceUid: series.studyInstanceUid,
                  seriesInstanceUid: series.seriesInstanceUid,
                }),
                (instance) => images.read(instance),
              ),
            );
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
    params: studyParams,
    body: z.object({ examId: z.uuid({ message: 'must be the id of an MRI exam (a UUID)' }) }),
    async handler({ db, actor, params, body, request }) {
      return assignInboxStudy({
        db,
        actor,
        dataDir: dataDirOf(request, db),
        studyInstanceUid: params.study,
        examId: body.examId,
      });
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
    params: z.object({ uid }),
    async handler({ db, actor, params, reply, request }) {
      const original = await findOriginal(db.kysely, params.uid);
      const bytes = await openOriginalsStore({ kind: 'filesystem', dataDir: dataDirOf(request, db) }).read(
        original.storeKey,
      );
      // Audited once the file is in hand, so that a failed read is not recorded as a disclosure.
      await withTransaction(db, (trx) => auditOriginalRead(trx, actor, original));
      const extension = original.format === 'dicom' ? '.dcm' : isGzip(bytes) ? '.nii.gz' : '.nii';
      reply.type(original.format === 'dicom' ? 'application/dicom' : 'application/octet-stream');
      reply.header('content-disposition', `attachment; filename="${original.uid}${extension}"`);
      return bytes;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary:
      'QIDO-RS: search studies by StudyInstanceUID, PatientID (participant or inbox code) or StudyDate',
    query: z.object({
      StudyInstanceUID: uid.optional(),
      PatientID: z.string().max(64).optional(),
      StudyDate: dicomDate.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    async handler({ db, query, reply }) {
      const [from, to] = query.StudyDate?.includes('-')
        ? query.StudyDate.split('-')
        : [query.StudyDate, query.StudyDate];
      const studies = await findStudies(db.kysely, {
        studyInstanceUid: query.StudyInstanceUID,
        patientId: query.PatientID,
        dateFrom: from || undefined,
        dateTo: to || undefined,
        limit: query.limit,
        offset: query.offset,
      });
      reply.type(DICOM_JSON);
      return studies.map((s): DicomJson => ({
        '00080020': json.text('DA', s.studyDate),
        '00080050': { vr: 'SH' },
        '00080061': json.list('CS', s.modalities),
        '00100010': json.name(s.patientId),
        '00100020': json.text('LO', s.patientId),
        '0020000D': json.text('UI', s.studyInstanceUid),
        '00201206': json.number('IS', s.series),
        '00201208': json.number('IS', s.instances),
      }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study/series',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: 'QIDO-RS: the series of a study',
    params: studyParams,
    async handler({ db, params, reply }) {
      const series = await findSeries(db.kysely, params.study);
      reply.type(DICOM_JSON);
      return series.map((s): DicomJson => ({
        '00080060': json.text('CS', s.modality),
        '0008103E': json.text('LO', s.seriesDescription),
        '00180085': json.text('SH', s.nucleus),
        '0020000D': json.text('UI', params.study),
        '0020000E': json.text('UI', s.seriesInstanceUid),
        '00200011': json.number('IS', s.seriesNumber),
        '00201209': json.number('IS', s.instances),
      }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study/series/:series/instances',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: 'QIDO-RS: the instances of a series',
    params: seriesParams,
    async handler({ db, params, reply }) {
      const instances = await findInstances(db.kysely, {
        studyInstanceUid: params.study,
        seriesInstanceUid: params.series,
      });
      reply.type(DICOM_JSON);
      return instances.map((i): DicomJson => ({
        '00080016': json.text('UI', i.sopClassUid),
        '00080018': json.text('UI', i.sopInstanceUid),
        '0020000D': json.text('UI', i.studyInstanceUid),
        '0020000E': json.text('UI', i.seriesInstanceUid),
        '00200013': json.number('IS', i.instanceNumber),
        '00280008': json.number('IS', i.frames),
        '00280010': json.number('US', i.rows),
        '00280011': json.number('US', i.columns),
      }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: 'WADO-RS: every instance of a study (multipart/related; type="application/dicom"), streamed',
    params: studyParams,
    async handler({ db, params, reply, request }) {
      const instances = await scopedInstances(db, params);
      return sendDicomFiles(reply, new StoredImages(dataDirOf(request, db)), instances);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study/series/:series',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: 'WADO-RS: every instance of a series (multipart/related; type="application/dicom"), streamed',
    params: seriesParams,
    async handler({ db, params, reply, request }) {
      const instances = await scopedInstances(db, params);
      return sendDicomFiles(reply, new StoredImages(dataDirOf(request, db)), instances);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study/series/:series/metadata',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: 'WADO-RS: the metadata of every instance of a series (DICOM JSON; pixel data by reference)',
    params: seriesParams,
    async handler({ db, params, reply, request }) {
      const instances = await scopedInstances(db, params);
      const images = new StoredImages(dataDirOf(request, db));
      const out: DicomJson[] = [];
      for (const i of instances) out.push(await images.metadata(i, instanceUrl(i)));
      reply.type(DICOM_JSON);
      return out;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study/series/:series/instances/:instance',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: 'WADO-RS: one instance (multipart/related; type="application/dicom")',
    params: instanceParams,
    async handler({ db, params, reply, request }) {
      const instances = await scopedInstances(db, params);
      return sendDicomFiles(reply, new StoredImages(dataDirOf(request, db)), instances);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study/series/:series/instances/:instance/metadata',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: 'WADO-RS: the metadata of one instance (DICOM JSON; pixel data by reference)',
    params: instanceParams,
    async handler({ db, params, reply, request }) {
      const [instance] = await scopedInstances(db, params);
      reply.type(DICOM_JSON);
      return [await new StoredImages(dataDirOf(request, db)).metadata(instance!, instanceUrl(instance!))];
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/dicomweb/studies/:study/series/:series/instances/:instance/frames/:frames',
    access: 'imaging.read',
    tag: 'dicomweb',
    summary:
      'WADO-RS: frames (1-based, comma-separated) as uncompressed little-endian pixel data (multipart/related; type="application/octet-stream")',
    params: frameParams,
    async handler({ db, params, reply, request }) {
      const [instance] = await scopedInstances(db, params);
      const frames = await new StoredImages(dataDirOf(request, db)).frames(
        instance!,
        params.frames.split(',').map(Number),
      );
      const { contentType, body } = multipartRelated(
        'application/octet-stream',
        (async function* () {
          yield* frames;
        })(),
      );
      reply.type(contentType);
      return body;
    },
  }),
];
