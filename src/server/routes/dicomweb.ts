import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z, type ZodType } from 'zod';
import { ManusError } from '../../core/errors.ts';
import type { SeriesSummary } from '../../core/imaging/records.ts';
import type { Database } from '../../db/connection.ts';
import {
  findInstances,
  findSeries,
  findStudies,
  type InstanceQuery,
  type Page,
  type StoredInstance,
  type StoredStudy,
} from '../../db/repositories/imaging.ts';
import type { DB } from '../../db/schema.ts';
import { json, type DicomJson } from '../../imaging/dicomweb/json.ts';
import { multipartRelated } from '../../imaging/dicomweb/multipart.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { dicomUid } from '../schemas.ts';
import { dataDirOf } from './imaging.ts';

/** DICOMweb (PS3.18): QIDO-RS search and WADO-RS retrieval of the de-identified images Manus stores. */

const DICOM_JSON = 'application/dicom+json';
/** Frames are always decoded to native little-endian values, whatever the stored transfer syntax. */
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const FRAME_CACHE_CONTROL = 'private, max-age=31536000, immutable';
const BASE = '/api/dicomweb';

const noParams = z.object({});
const studyParams = z.object({ study: dicomUid });
const seriesParams = studyParams.extend({ series: dicomUid });
const instanceParams = seriesParams.extend({ instance: dicomUid });
const frameParams = instanceParams.extend({
  frames: z
    .string()
    .regex(/^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,999}$/, 'must be frame numbers from 1, separated by commas'),
});

/** What a DICOMweb path names: a study, one of its series, one of their instances, or (searches) everything. */
interface Scope {
  study?: string | undefined;
  series?: string | undefined;
  instance?: string | undefined;
}
type RetrieveScope = Scope & { study: string };

/** The WADO-RS URL of a study, a series or an instance. */
const wadoUrl = (scope: RetrieveScope): string =>
  [
    `${BASE}/studies/${scope.study}`,
    ...(scope.series ? [`series/${scope.series}`] : []),
    ...(scope.instance ? [`instances/${scope.instance}`] : []),
  ].join('/');

const instanceUrl = (i: StoredInstance): string =>
  wadoUrl({ study: i.studyInstanceUid, series: i.seriesInstanceUid, instance: i.sopInstanceUid });

// QIDO-RS answers: what PS3.18 Table 10.6.3-3, -4 and -5 require of each level that Manus records, with the
// Retrieve URL of each result. PatientName is the pseudonym too: Manus keeps no name with the images.
const studyAttributes = (s: StoredStudy): DicomJson => ({
  '00080020': json.text('DA', s.studyDate),
  '00080050': { vr: 'SH' },
  '00080061': json.list('CS', s.modalities),
  '00081190': json.text('UR', wadoUrl({ study: s.studyInstanceUid })),
  '00100010': json.name(s.patientId),
  '00100020': json.text('LO', s.patientId),
  '0020000D': json.text('UI', s.studyInstanceUid),
  '00201206': json.number('IS', s.series),
  '00201208': json.number('IS', s.instances),
});

const seriesAttributes = (s: SeriesSummary): DicomJson => ({
  '00080060': json.text('CS', s.modality),
  '0008103E': json.text('LO', s.seriesDescription),
  '00081190': json.text('UR', wadoUrl({ study: s.studyInstanceUid, series: s.seriesInstanceUid })),
  '00180085': json.text('SH', s.nucleus),
  '0020000D': json.text('UI', s.studyInstanceUid),
  '0020000E': json.text('UI', s.seriesInstanceUid),
  '00200011': json.number('IS', s.seriesNumber),
  '00201209': json.number('IS', s.instances),
});

const instanceAttributes = (i: StoredInstance): DicomJson => ({
  '00080016': json.text('UI', i.sopClassUid),
  '00080018': json.text('UI', i.sopInstanceUid),
  '00081190': json.text('UR', instanceUrl(i)),
  '0020000D': json.text('UI', i.studyInstanceUid),
  '0020000E': json.text('UI', i.seriesInstanceUid),
  '00200013': json.number('IS', i.instanceNumber),
  '00280008': json.number('IS', i.frames),
  '00280010': json.number('US', i.rows),
  '00280011': json.number('US', i.columns),
});

type Level = 'study' | 'series' | 'instance';
type SearchQuery = InstanceQuery & Page;

const FIND: Record<Level, (db: Kysely<DB>, query: SearchQuery) => Promise<DicomJson[]>> = {
  study: async (db, query) => (await findStudies(db, query)).map(studyAttributes),
  series: async (db, query) => (await findSeries(db, query)).map(seriesAttributes),
  instance: async (db, query) => (await findInstances(db, query)).map(instanceAttributes),
};

/** The levels whose attributes results of a lower level carry: the tag of their UID, and the query finding them. */
type Above = Exclude<Level, 'instance'>;
const ABOVE: Record<Above, { uidTag: string; byUid(uids: string[]): SearchQuery }> = {
  study: {
    uidTag: '0020000D',
    byUid: (uids) => ({ studyInstanceUid: uids, limit: uids.length, offset: 0 }),
  },
  series: {
    uidTag: '0020000E',
    byUid: (uids) => ({ seriesInstanceUid: uids, limit: uids.length, offset: 0 }),
  },
};

const uidOf = (result: DicomJson, level: Above): string => result[ABOVE[level].uidTag]!.Value![0] as string;

/** DICOM JSON lists attributes in ascending order of tag (PS3.18 F.2.2). */
const inTagOrder = (result: DicomJson): DicomJson =>
  Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Searches `level`; each result also carries the attributes of its study or series when `above` names them, as a
 * search of all series, all instances or a study's instances answers (PS3.18 10.6.3.3.2 and 10.6.3.3.3).
 */
async function searchLevel(
  db: Kysely<DB>,
  level: Level,
  above: readonly Above[],
  query: SearchQuery,
): Promise<DicomJson[]> {
  let results = await FIND[level](db, query);
  for (const parent of above) {
    const uids = [...new Set(results.map((r) => uidOf(r, parent)))];
    if (uids.length === 0) break;
    const records = await FIND[parent](db, ABOVE[parent].byUid(uids));
    const byUid = new Map(records.map((a) => [uidOf(a, parent), a]));
    // The result's own attributes win: its Retrieve URL is its own, not its study's.
    results = results.map((r) => ({ ...byUid.get(uidOf(r, parent)), ...r }));
  }
  return results.map(inTagOrder);
}

/** Values any of which matches, separated by commas (PS3.18 8.3.4.1) or backslashes (as DICOM multiple values). */
const listOf = (item: ZodType<string, string>) =>
  z
    .string()
    .transform((s) => s.split(/[,\\]/).filter((v) => v !== ''))
    .pipe(z.array(item));

const codeString = z
  .string()
  .regex(
    /^[A-Z0-9 _]{0,16}$/,
    'must be a DICOM code string: capitals, digits, spaces, underscores (at most 16)',
  );

const integerString = z
  .string()
  .regex(/^([+-]?[0-9]{1,9})?$/, 'must be an integer')
  .transform((s) => (s === '' ? undefined : Number(s)));

const dateRange = z
  .string()
  .regex(/^(\d{8})?(-(\d{8})?)?$/, 'must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD')
  .transform((s) => {
    const [from, to = from] = s.split('-');
    return { from: from || undefined, to: to || undefined };
  });

/** The matching keys Manus supports, by level; a query names each by keyword or by tag (PS3.18 8.3.4.1). */
const MATCHING_KEYS = {
  StudyInstanceUID: { level: 'study', tag: '0020000D', schema: listOf(dicomUid) },
  PatientID: { level: 'study', tag: '00100020', schema: z.string().max(64) },
  StudyDate: { level: 'study', tag: '00080020', schema: dateRange },
  ModalitiesInStudy: { level: 'study', tag: '00080061', schema: listOf(codeString) },
  SeriesInstanceUID: { level: 'series', tag: '0020000E', schema: listOf(dicomUid) },
  Modality: { level: 'series', tag: '00080060', schema: codeString },
  SeriesNumber: { level: 'series', tag: '00200011', schema: integerString },
  SeriesDescription: { level: 'series', tag: '0008103E', schema: z.string().max(64) },
  ImagedNucleus: { level: 'series', tag: '00180085', schema: z.string().max(16) },
  SOPInstanceUID: { level: 'instance', tag: '00080018', schema: listOf(dicomUid) },
  SOPClassUID: { level: 'instance', tag: '00080016', schema: listOf(dicomUid) },
  InstanceNumber: { level: 'instance', tag: '00200013', schema: integerString },
} as const satisfies Record<string, { level: Level; tag: string; schema: ZodType }>;

type Keyword = keyof typeof MATCHING_KEYS;
const keywordsOf = (levels: readonly Level[]): Keyword[] =>
  (Object.keys(MATCHING_KEYS) as Keyword[]).filter((k) => levels.includes(MATCHING_KEYS[k].level));
type Matching = { [K in Keyword]?: z.output<(typeof MATCHING_KEYS)[K]['schema']> | undefined } & Page;

const SEARCH_PARAMETERS = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  // Accepted and ignored: fuzzy matching applies to person names, and Manus's only one is the pseudonym; every
  // attribute Manus records is in every answer, whatever includefield asks for.
  fuzzymatching: z.enum(['true', 'false']).optional(),
  includefield: z.union([z.string(), z.array(z.string())]).optional(),
};

/**
 * The query of a search of `levels`: their matching keys, by keyword or tag, and the search parameters. Any other
 * key is refused, naming the keys allowed, rather than ignored (which would answer more than was asked for).
 */
function searchQuery(levels: readonly Level[]): ZodType<Matching> {
  const keys = keywordsOf(levels);
  const matchingKeys: Record<string, ZodType> = {};
  for (const keyword of keys) {
    matchingKeys[keyword] = MATCHING_KEYS[keyword].schema.optional();
    matchingKeys[MATCHING_KEYS[keyword].tag] = MATCHING_KEYS[keyword].schema.optional();
  }
  const allowed = [
    ...keys.map((k) => `${k} (${MATCHING_KEYS[k].tag})`),
    ...Object.keys(SEARCH_PARAMETERS),
  ].join(', ');
  return z
    .strictObject(
      { ...matchingKeys, ...SEARCH_PARAMETERS },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `unknown key ${issue.keys.join(', ')}: the keys allowed here are ${allowed}`
            : undefined,
      },
    )
    .transform((query, ctx): Matching => {
      // The matching keys are this route's choice of MATCHING_KEYS: their types are known by keyword only.
      const values: Record<string, unknown> = query;
      const matching: Partial<Record<Keyword, unknown>> = {};
      for (const keyword of keys) {
        const { tag } = MATCHING_KEYS[keyword];
        if (values[keyword] !== undefined && values[tag] !== undefined)
          ctx.issues.push({
            code: 'custom',
            path: [tag],
            message: `is ${keyword} again: give one or the other`,
            input: values[tag],
          });
        matching[keyword] = values[keyword] ?? values[tag];
      }
      return { ...(matching as Omit<Matching, keyof Page>), limit: query.limit, offset: query.offset };
    });
}

/** The repository query of a search: its matching keys, within the study or series its path names. */
const repositoryQuery = (m: Matching, scope: Scope): SearchQuery => ({
  studyInstanceUid: scope.study ?? m.StudyInstanceUID,
  patientId: m.PatientID,
  dateFrom: m.StudyDate?.from,
  dateTo: m.StudyDate?.to,
  modalities: m.ModalitiesInStudy,
  seriesInstanceUid: scope.series ?? m.SeriesInstanceUID,
  modality: m.Modality,
  seriesNumber: m.SeriesNumber,
  seriesDescription: m.SeriesDescription,
  nucleus: m.ImagedNucleus,
  sopInstanceUid: m.SOPInstanceUID,
  sopClassUid: m.SOPClassUID,
  instanceNumber: m.InstanceNumber,
  limit: m.limit,
  offset: m.offset,
});

/**
 * A QIDO-RS search (PS3.18 10.6) of `level`, matching its keys and those of the levels `above` it: searching all
 * series matches study keys too, searching a study's series only series keys.
 */
function search(
  url: string,
  level: Level,
  above: readonly Above[],
  params: ZodType<Scope>,
  what: string,
): RouteDef {
  const levels = [...above, level];
  return defineRoute({
    method: 'GET',
    url,
    access: 'imaging.read',
    tag: 'dicomweb',
    summary:
      `QIDO-RS: search ${what} by ${keywordsOf(levels).join(', ')} (keyword or tag), with limit and offset; ` +
      'fuzzymatching is accepted and ignored, and every attribute Manus records is returned whatever includefield asks',
    params,
    query: searchQuery(levels),
    async handler({ db, params, query, reply }) {
      const results = await searchLevel(db.kysely, level, above, repositoryQuery(query, params));
      reply.type(DICOM_JSON);
      return results;
    },
  });
}

async function* storedFiles(
  images: StoredImages,
  instances: readonly StoredInstance[],
): AsyncGenerator<Uint8Array> {
  for (const i of instances) yield await images.read(i);
}

/** Streams parts of one type as multipart/related (PS3.18 8.7.1.1). */
function sendMultipart(
  reply: FastifyReply,
  type: string,
  parts: AsyncIterable<Uint8Array>,
  partType?: string,
): Readable {
  const { contentType, body } = multipartRelated(type, parts, partType);
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

export const dicomwebRoutes: RouteDef[] = [
  search(`${BASE}/studies`, 'study', [], noParams, 'all studies'),
  search(`${BASE}/series`, 'series', ['study'], noParams, 'all series'),
  search(`${BASE}/instances`, 'instance', ['study', 'series'], noParams, 'all instances'),
  search(`${BASE}/studies/:study/series`, 'series', [], studyParams, "a study's series"),
  search(`${BASE}/studies/:study/instances`, 'instance', ['series'], studyParams, "a study's instances"),
  search(
    `${BASE}/studies/:study/series/:series/instances`,
    'instance',
    [],
    seriesParams,
    "a series' instances",
  ),
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
    'frames (1-based, comma-separated) as uncompressed little-endian pixel data (multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1), cacheable privately: stored instances never change',
    async ([instance], images, reply, params) => {
      const frames = await images.frames(instance!, params.frames.split(',').map(Number));
      // A stored instance never changes under its UIDs (content-addressed): the browser may keep its frames.
      reply.header('cache-control', FRAME_CACHE_CONTROL);
      return sendMultipart(
        reply,
        'application/octet-stream',
        (async function* () {
          yield* frames;
        })(),
        `application/octet-stream; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`,
      );
    },
  ),
];
