import { z } from 'zod';
import { blindMetadata } from '../../../imaging/dicomweb/blind.ts';
import type { DicomJson } from '../../../imaging/dicomweb/json.ts';
import { multipartRelated } from '../../../imaging/dicomweb/multipart.ts';
import { StoredImages } from '../../../imaging/dicomweb/retrieve.ts';
import { taskSeriesInstances } from '../../../services/reading/images.ts';
import { defineRoute, type RouteDef } from '../../route.ts';
import { dicomUid } from '../../schemas.ts';
import { dataDirOf } from '../imaging.ts';
import { TASK_URL, taskParams } from './reader.ts';

/**
 * Task-scoped WADO-RS for the reader's viewer (reading-workstation.md §G1/G2): the same bodies as /api/dicomweb,
 * only for the series of the task's exam, with the metadata blinded (exam code as PatientID and PatientName, no
 * patient characteristics). Frames are content-addressed, so the browser may keep them privately.
 */

const BASE = `${TASK_URL}/dicomweb/studies/:study/series/:series`;
const seriesParams = taskParams.extend({ study: dicomUid, series: dicomUid });
const frameParams = seriesParams.extend({
  instance: dicomUid,
  frames: z
    .string()
    .regex(/^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,999}$/, 'must be frame numbers from 1, separated by commas'),
});

const FRAME_CACHE = 'private, max-age=31536000, immutable';

export const readingDicomwebRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: `${BASE}/metadata`,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'WADO-RS: the blinded metadata of every instance of a series of your task (DICOM JSON; exam code as patient, no patient characteristics)',
    params: seriesParams,
    async handler({ db, actor, params, request, reply }) {
      const { examCode, pseudonym, instances } = await taskSeriesInstances(db, actor, params);
      const images = new StoredImages(dataDirOf(request, db));
      const out: DicomJson[] = [];
      for (const i of instances) {
        const url = `/api/reading/tasks/${params.taskId}/dicomweb/studies/${i.studyInstanceUid}/series/${i.seriesInstanceUid}/instances/${i.sopInstanceUid}`;
        out.push(blindMetadata(await images.metadata(i, url), pseudonym, examCode));
      }
      reply.type('application/dicom+json');
      return out;
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/instances/:instance/frames/:frames`,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'WADO-RS: frames of an instance of your task (1-based, comma-separated) as uncompressed little-endian pixel data (multipart/related; type="application/octet-stream")',
    params: frameParams,
    async handler({ db, actor, params, request, reply }) {
      const { instances } = await taskSeriesInstances(db, actor, params);
      const images = new StoredImages(dataDirOf(request, db));
      const frames = await images.frames(instances[0]!, params.frames.split(',').map(Number));
      const { contentType, body } = multipartRelated(
        'application/octet-stream',
        (async function* () {
          yield* frames;
        })(),
      );
      reply.type(contentType);
      reply.header('cache-control', FRAME_CACHE);
      return body;
    },
  }),
];
