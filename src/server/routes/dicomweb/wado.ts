import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ZodType } from 'zod';
import { ManusError } from '../../../core/errors.ts';
import type { StoredInstance } from '../../../core/imaging/records.ts';
import type { Database } from '../../../db/connection.ts';
import { findInstances } from '../../../db/repositories/imaging/qido.ts';
import type { DicomJson } from '../../../imaging/dicomweb/json.ts';
import { multipartRelated } from '../../../imaging/dicomweb/multipart.ts';
import { StoredImages } from '../../../imaging/dicomweb/retrieve.ts';
import { defineRoute, type RouteDef } from '../../route.ts';
import { dataDirOf } from '../imaging.ts';
import {
  BASE,
  DICOM_JSON,
  frameParams,
  instanceParams,
  instanceUrl,
  seriesParams,
  studyParams,
  type RetrieveScope,
} from './paths.ts';

/** DICOMweb WADO-RS (PS3.18 10.4): retrieving the de-identified images Manus stores, from the stores they are in. */

async function* storedFiles(
  images: StoredImages,
  instances: readonly StoredInstance[],
): AsyncGenerator<Uint8Array> {
  for (const i of instances) yield await images.read(i);
}

/** Streams parts of one type as multipart/related (PS3.18 8.7.1.1). */
function sendMultipart(reply: FastifyReply, type: string, parts: AsyncIterable<Uint8Array>): Readable {
  const { contentType, body } = multipartRelated(type, parts);
  reply.type(contentType);
  return body;
}

/** The instances a WADO-RS path names (a study, a series or one instance), or 404 naming the missing level. */
async function scopedInstances(db: Database, scope: RetrieveScope): Promise<StoredInstance[]> {
  const what = scope.instance
    ? `Instance ${scope.instance}`
    : scope.series
      ? `Series ${scope.series}`
      : `Study ${scope.study}`;
  const found = await findInstances(db.kysely, {
    studyInstanceUid: scope.study,
    seriesInstanceUid: scope.series,
    sopInstanceUid: scope.instance,
  });
  if (found.length === 0) throw new ManusError('not_found', `${what} not found`);
  return found;
}

/** A WADO-RS retrieval (PS3.18 10.4): `answer` sends what the path's instances hold. */
function retrieve<P extends RetrieveScope>(
  url: string,
  params: ZodType<P>,
  summary: string,
  answer: (found: StoredInstance[], images: StoredImages, reply: FastifyReply, params: P) => Promise<unknown>,
): RouteDef {
  return defineRoute({
    method: 'GET',
    url,
    access: 'imaging.read',
    tag: 'dicomweb',
    summary: `WADO-RS: ${summary}`,
    params,
    async handler({ db, params, reply, request }) {
      const found = await scopedInstances(db, params);
      return answer(found, new StoredImages(dataDirOf(request, db)), reply, params);
    },
  });
}

const FILES = '(multipart/related; type="application/dicom"), streamed';
async function sendFiles(
  found: StoredInstance[],
  images: StoredImages,
  reply: FastifyReply,
): Promise<Readable> {
  return sendMultipart(reply, 'application/dicom', storedFiles(images, found));
}

const METADATA = '(DICOM JSON; pixel data by reference)';
async function sendMetadata(
  found: StoredInstance[],
  images: StoredImages,
  reply: FastifyReply,
): Promise<DicomJson[]> {
  const out: DicomJson[] = [];
  for (const i of found) out.push(await images.metadata(i, instanceUrl(i)));
  reply.type(DICOM_JSON);
  return out;
}

export const wadoRoutes: RouteDef[] = [
  retrieve(`${BASE}/studies/:study`, studyParams, `every instance of a study ${FILES}`, sendFiles),
  retrieve(
    `${BASE}/studies/:study/series/:series`,
    seriesParams,
    `every instance of a series ${FILES}`,
    sendFiles,
  ),
  retrieve(
    `${BASE}/studies/:study/series/:series/metadata`,
    seriesParams,
    `the metadata of every instance of a series ${METADATA}`,
    sendMetadata,
  ),
  retrieve(
    `${BASE}/studies/:study/series/:series/instances/:instance`,
    instanceParams,
    `one instance ${FILES}`,
    sendFiles,
  ),
  retrieve(
    `${BASE}/studies/:study/series/:series/instances/:instance/metadata`,
    instanceParams,
    `the metadata of one instance ${METADATA}`,
    sendMetadata,
  ),
  retrieve(
    `${BASE}/studies/:study/series/:series/instances/:instance/frames/:frames`,
    frameParams,
    'frames (1-based, comma-separated) as uncompressed little-endian pixel data (multipart/related; type="application/octet-stream")',
    async ([instance], images, reply, params) => {
      const frames = await images.frames(instance!, params.frames.split(',').map(Number));
      return sendMultipart(
        reply,
        'application/octet-stream',
        (async function* () {
          yield* frames;
        })(),
      );
    },
  ),
];
