/*
 * Over 400 lines on purpose: QIDO-RS and WADO-RS are tested against one import of the same synthetic studies
 * (DCMTK-made files carrying the PHI corpus), which is the slow part; split in two files, every run would import
 * them twice on every engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../db/testing/engines.ts';
import type { DicomJson } from '../../../imaging/dicomweb/json.ts';
import { parseMultipart } from '../../../imaging/dicomweb/multipart.ts';
import { readDicom } from '../../../imaging/dicom/read.ts';
import { T } from '../../../imaging/dicom/tag.ts';
import { getString } from '../../../imaging/dicom/values.ts';
import { runImport } from '../../../services/imaging/import.ts';
import { importSources } from '../../../imaging/import/sources.ts';
import { HAS_DCMTK, makeDicom } from '../../../imaging/testing/dcmtk.ts';
import { IDENTITY_B } from '../../../imaging/testing/mixed-folder.ts';
import {
  classicMrLines,
  IDENTITY_A,
  phantom16,
  sliceValue,
  type Identity,
} from '../../../imaging/testing/phantoms.ts';
import { phiCorpus, phiHits } from '../../../imaging/testing/phi-corpus.ts';
import { startTestServer, type ApiClient, type TestServer } from '../../testing.ts';

const importer = { userId: null, username: 'cli:test', role: 'system' as const, requestId: 'dicomweb-test' };
const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/**
 * The synthetic series imported for these tests. Participant A's study has three MR series told apart by number,
 * description and nucleus; participant B's has one CT series whose description differs from A's T1 only where
 * A's has underscores, so that an unescaped `_` in LIKE would match it. B's study is years older than A's
 * whatever the date shifts (at most 1,065 days apart).
 */
interface SeriesFixture {
  identity: Identity;
  number: number;
  description: string;
  nucleus: '1H' | '23NA';
  instances: number;
  ct?: boolean;
}
const STUDY_A: SeriesFixture[] = [
  { identity: IDENTITY_A, number: 3, description: 't1_vibe_hands', nucleus: '1H', instances: 3 },
  { identity: IDENTITY_A, number: 4, description: 'pd_tse_cor', nucleus: '1H', instances: 1 },
  { identity: IDENTITY_A, number: 9, description: 'na_3d_radial', nucleus: '23NA', instances: 1 },
];
const STUDY_B: SeriesFixture[] = [
  { identity: IDENTITY_B, number: 3, description: 'T1-VIBE-hands', nucleus: '1H', instances: 2, ct: true },
];

/** Replaces the lines of the given tags, e.g. `{ '(0020,0011)': 'IS [4]' }`. */
const withValues = (lines: string[], replacements: Record<string, string>): string[] =>
  lines.map((line) => {
    const tag = line.slice(0, 11);
    return replacements[tag] ? `${tag} ${replacements[tag]}` : line;
  });

const values = (results: DicomJson[], tag: string): unknown[] => results.map((r) => r[tag]?.Value?.[0]);

describeEachEngine('DICOMweb API', (engine) => {
  let server: TestServer;
  let physicist: ApiClient;
  let dir: string;
  const identifying: string[] = [];
  const participants: string[] = [];

  /** The DICOM JSON answer of a QIDO-RS search, which must succeed. */
  async function search(url: string): Promise<DicomJson[]> {
    const response = await physicist.get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    expect(response.headers['content-type']).toContain('application/dicom+json');
    return response.json();
  }

  const parts = (response: LightMyRequestResponse): Buffer[] =>
    parseMultipart(response.rawPayload, String(response.headers['content-type']));

  /** The files of a series, each carrying the PHI corpus. */
  function seriesFiles(s: SeriesFixture, seed: number): string[] {
    const seriesUid = `${s.identity.studyUid}.${s.number}`;
    return Array.from({ length: s.instances }, (_, k) => {
      const base = withValues(
        classicMrLines({
          identity: s.identity,
          charset: 'ISO_IR 192',
          k,
          sopUid: `${seriesUid}.${k}`,
          seriesUid,
          seriesDescription: s.description,
          nucleus: s.nucleus,
        }),
        {
          '(0020,0011)': `IS [${s.number}]`,
          ...(s.ct
            ? {
                '(0002,0002)': `UI [${CT_IMAGE_STORAGE}]`,
                '(0008,0016)': `UI [${CT_IMAGE_STORAGE}]`,
                '(0008,0020)': 'DA [20200101]',
                '(0008,0060)': 'CS [CT]',
              }
            : {}),
        },
      );
      const corpus = phiCorpus(s.identity, seed + k, new Set(base.map((l) => l.slice(0, 11).toLowerCase())));
      identifying.push(...corpus.identifying, ...corpus.uids, seriesUid);
      // The third slice is RLE-compressed, so that frames are seen coming back decompressed.
      return makeDicom(
        dir,
        `series-${seed}-${k}`,
        [...base, ...corpus.lines],
        phantom16(6, 5, 1, k),
        k === 2 ? 'rle' : 'explicit',
        'utf8',
      );
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-api-dicomweb-'));
    const dataDir = join(dir, 'data');
    server = await startTestServer(engine, { dataDir });
    physicist = await server.login('physicist');
    if (!HAS_DCMTK) return;
    const exams = await server.db.kysely
      .selectFrom('mri_exam')
      .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
      .select(['mri_exam.id', 'participant.code'])
      .orderBy('participant.code')
      .limit(2)
      .execute();
    // Each file's PHI corpus has values of its own.
    let seed = 0;
    for (const [exam, series] of [
      [exams[0]!, STUDY_A],
      [exams[1]!, STUDY_B],
    ] as const) {
      participants.push(exam.code);
      const paths = series.flatMap((s) => seriesFiles(s, (seed += 10)));
      const summary = await runImport(importSources(paths), {
        db: server.db,
        actor: importer,
        dataDir,
        exam: exam.id,
        workers: 0,
      });
      expect(summary).toMatchObject({ errors: [] });
    }
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_DCMTK)(
    'searches studies by UID or UID list, patient, date or date range, and modality, by keyword or tag',
    async () => {
      const [a, b] = participants as [string, string];
      const all = await search('/api/dicomweb/studies');
      expect(values(all, '00100020').sort()).toEqual([a, b]);
      const studyA = all.find((s) => s['00100020']!.Value![0] === a)!;
      const studyB = all.find((s) => s['00100020']!.Value![0] === b)!;
      const [uidA, uidB] = [studyA['0020000D']!.Value![0] as string, studyB['0020000D']!.Value![0] as string];
      const [dateA, dateB] = [
        studyA['00080020']!.Value![0] as string,
        studyB['00080020']!.Value![0] as string,
      ];
      expect(studyA).toEqual({
        '00080020': { vr: 'DA', Value: [dateA] },
        '00080050': { vr: 'SH' },
        '00080061': { vr: 'CS', Value: ['MR'] },
        '00081190': { vr: 'UR', Value: [`/api/dicomweb/studies/${uidA}`] },
        '00100010': { vr: 'PN', Value: [{ Alphabetic: a }] },
        '00100020': { vr: 'LO', Value: [a] },
        '0020000D': { vr: 'UI', Value: [uidA] },
        '00201206': { vr: 'IS', Value: [3] },
        '00201208': { vr: 'IS', Value: [5] },
      });
      // Attributes in ascending tag order, as PS3.18 F.2.2 requires.
      expect(Object.keys(studyB)).toEqual(Object.keys(studyA));
      expect(studyB['00080061']!.Value).toEqual(['CT']);
      expect(dateB < dateA).toBe(true);

      const patients = async (query: string) =>
        values(await search(`/api/dicomweb/studies?${query}`), '00100020');
      expect(await patients(`PatientID=${a}`)).toEqual([a]);
      expect(await patients(`00100020=${b}`)).toEqual([b]);
      expect(await patients(`StudyInstanceUID=${uidB}`)).toEqual([b]);
      expect((await patients(`0020000D=${uidA},${uidB}`)).sort()).toEqual([a, b]);
      expect(await patients(`StudyDate=${dateA}`)).toEqual([a]);
      expect(await patients(`StudyDate=-${dateB}`)).toEqual([b]);
      expect(await patients(`00080020=${dateA}-`)).toEqual([a]);
      expect((await patients(`StudyDate=${dateB}-${dateA}`)).sort()).toEqual([a, b]);
      expect(await patients(`StudyDate=19000101-19991231`)).toEqual([]);
      expect(await patients('ModalitiesInStudy=CT')).toEqual([b]);
      expect(await patients('00080061=MR')).toEqual([a]);
      expect((await patients('ModalitiesInStudy=MR%5CCT')).sort()).toEqual([a, b]);
      expect(await patients(`PatientID=${a}&ModalitiesInStudy=CT`)).toEqual([]);
      // Paging walks the studies in UID order; includefield and fuzzymatching are accepted.
      const page1 = await search('/api/dicomweb/studies?limit=1&includefield=all&fuzzymatching=true');
      const page2 = await search('/api/dicomweb/studies?limit=1&offset=1&includefield=00080020');
      expect([...values(page1, '0020000D'), ...values(page2, '0020000D')]).toEqual(values(all, '0020000D'));
      expect(await search('/api/dicomweb/studies?offset=2')).toEqual([]);

      // The Retrieve URL is a working WADO-RS URL.
      const retrieved = await physicist.get(studyA['00081190']!.Value![0] as string);
      expect(retrieved.statusCode).toBe(200);
      expect(parts(retrieved)).toHaveLength(5);
    },
  );

  it.skipIf(!HAS_DCMTK)(
    "searches a study's series and all series by number, description (wild cards), nucleus, modality and UID",
    async () => {
      const [a, b] = participants as [string, string];
      const [studyA] = await search(`/api/dicomweb/studies?PatientID=${a}`);
      const uidA = studyA!['0020000D']!.Value![0] as string;
      const ofA = `/api/dicomweb/studies/${uidA}/series`;
      const mine = await search(ofA);
      expect(values(mine, '00200011')).toEqual([3, 4, 9]);
      const t1 = mine[0]!;
      const t1Uid = t1['0020000E']!.Value![0] as string;
      expect(t1).toEqual({
        '00080060': { vr: 'CS', Value: ['MR'] },
        '0008103E': { vr: 'LO', Value: ['t1_vibe_hands'] },
        '00081190': { vr: 'UR', Value: [`/api/dicomweb/studies/${uidA}/series/${t1Uid}`] },
        '00180085': { vr: 'SH', Value: ['1H'] },
        '0020000D': { vr: 'UI', Value: [uidA] },
        '0020000E': { vr: 'UI', Value: [t1Uid] },
        '00200011': { vr: 'IS', Value: [3] },
        '00201209': { vr: 'IS', Value: [3] },
      });

      const numbers = async (url: string) => values(await search(url), '00200011');
      expect(await numbers(`${ofA}?ImagedNucleus=23NA`)).toEqual([9]);
      expect(await numbers(`${ofA}?00180085=1H`)).toEqual([3, 4]);
      expect(await numbers(`${ofA}?SeriesNumber=4`)).toEqual([4]);
      expect(await numbers(`${ofA}?00200011=9`)).toEqual([9]);
      expect(await numbers(`${ofA}?Modality=MR`)).toEqual([3, 4, 9]);
      expect(await numbers(`${ofA}?SeriesDescription=pd_tse_cor`)).toEqual([4]);
      expect(await numbers(`${ofA}?SeriesDescription=pd_tse*`)).toEqual([4]);
      expect(await numbers(`${ofA}?0008103E=*radial`)).toEqual([9]);
      // Case-sensitive on both engines, as PS3.4 C.2.2.2.4 requires for every VR but PN.
      expect(await numbers(`${ofA}?SeriesDescription=PD_TSE*`)).toEqual([]);
      expect(await numbers(`${ofA}?SeriesDescription=PD_TSE_COR`)).toEqual([]);
      expect(await numbers(`${ofA}?SeriesDescription=t1?vibe?hands`)).toEqual([3]);
      expect(await numbers(`${ofA}?SeriesDescription=*`)).toEqual([3, 4, 9]);
      expect(await numbers(`${ofA}?SeriesInstanceUID=${t1Uid}`)).toEqual([3]);

      // Across studies, each series also carries its study's attributes, and keeps its own Retrieve URL.
      const all = await search('/api/dicomweb/series');
      expect(values(all, '00100020').sort()).toEqual([a, a, a, b]);
      const t1Everywhere = all.find((s) => s['0020000E']!.Value![0] === t1Uid)!;
      expect(t1Everywhere).toEqual({ ...studyA, ...t1 });
      expect(Object.keys(t1Everywhere)).toEqual(Object.keys(t1Everywhere).sort());
      const descriptions = async (query: string) =>
        values(await search(`/api/dicomweb/series?${query}`), '0008103E');
      // `_` and `%` are literal characters, not LIKE's wild cards.
      expect(await descriptions('SeriesDescription=t1_vibe*')).toEqual(['t1_vibe_hands']);
      expect(await descriptions('SeriesDescription=t1%25*')).toEqual([]);
      expect(await descriptions('SeriesDescription=*vibe*')).toEqual(['t1_vibe_hands']);
      expect(await descriptions('SeriesDescription=*VIBE*')).toEqual(['T1-VIBE-hands']);
      expect(await descriptions('Modality=CT')).toEqual(['T1-VIBE-hands']);
      expect(await descriptions(`SeriesNumber=3&PatientID=${b}`)).toEqual(['T1-VIBE-hands']);
      expect(await descriptions(`SeriesNumber=3&ModalitiesInStudy=MR`)).toEqual(['t1_vibe_hands']);
      const naUid = mine[2]!['0020000E']!.Value![0] as string;
      expect(await descriptions(`SeriesInstanceUID=${t1Uid},${naUid}`)).toEqual([
        't1_vibe_hands',
        'na_3d_radial',
      ]);
      const pages = [
        await search('/api/dicomweb/series?limit=3'),
        await search('/api/dicomweb/series?limit=3&offset=3'),
      ];
      expect(pages.map((p) => p.length)).toEqual([3, 1]);
      expect(pages.flat()).toEqual(all);
    },
  );

  it.skipIf(!HAS_DCMTK)(
    "searches a series' instances, a study's instances and all instances by number, SOP class and UID",
    async () => {
      const [a, b] = participants as [string, string];
      const [t1] = await search(`/api/dicomweb/series?PatientID=${a}&SeriesNumber=3`);
      const studyUid = t1!['0020000D']!.Value![0] as string;
      const seriesUid = t1!['0020000E']!.Value![0] as string;
      const ofT1 = `/api/dicomweb/studies/${studyUid}/series/${seriesUid}/instances`;
      const instances = await search(ofT1);
      expect(values(instances, '00200013')).toEqual([1, 2, 3]);
      const sop = instances[1]!['00080018']!.Value![0] as string;
      expect(instances[1]).toEqual({
        '00080016': { vr: 'UI', Value: [MR_IMAGE_STORAGE] },
        '00080018': { vr: 'UI', Value: [sop] },
        '00081190': { vr: 'UR', Value: [`${ofT1}/${sop}`] },
        '0020000D': { vr: 'UI', Value: [studyUid] },
        '0020000E': { vr: 'UI', Value: [seriesUid] },
        '00200013': { vr: 'IS', Value: [2] },
        '00280008': { vr: 'IS', Value: [1] },
        '00280010': { vr: 'US', Value: [6] },
        '00280011': { vr: 'US', Value: [5] },
      });
      expect(await search(`${ofT1}?InstanceNumber=2`)).toEqual([instances[1]]);
      expect(await search(`${ofT1}?00200013=3`)).toEqual([instances[2]]);
      expect(await search(`${ofT1}?SOPInstanceUID=${sop}`)).toEqual([instances[1]]);

      // A study's instances carry their series' attributes; all instances their study's too.
      const ofStudy = await search(`/api/dicomweb/studies/${studyUid}/instances`);
      expect(values(ofStudy, '0008103E')).toEqual(
        expect.arrayContaining(['t1_vibe_hands', 'pd_tse_cor', 'na_3d_radial']),
      );
      expect(ofStudy).toHaveLength(5);
      expect(ofStudy.every((i) => i['00100020'] === undefined)).toBe(true);
      expect(
        values(await search(`/api/dicomweb/studies/${studyUid}/instances?ImagedNucleus=23NA`), '0008103E'),
      ).toEqual(['na_3d_radial']);
      const all = await search('/api/dicomweb/instances');
      expect(all).toHaveLength(7);
      expect(all.find((i) => i['00080018']!.Value![0] === sop)).toMatchObject({
        '00081190': { Value: [`${ofT1}/${sop}`] },
        '0008103E': { Value: ['t1_vibe_hands'] },
        '00100020': { Value: [a] },
        '00201208': { Value: [5] },
      });
      const patients = async (query: string) =>
        values(await search(`/api/dicomweb/instances?${query}`), '00100020');
      expect(await patients(`SOPClassUID=${CT_IMAGE_STORAGE}`)).toEqual([b, b]);
      expect(await patients(`00080016=${MR_IMAGE_STORAGE},${CT_IMAGE_STORAGE}`)).toHaveLength(7);
      expect(await patients('Modality=CT&InstanceNumber=2')).toEqual([b]);
      expect(
        await patients(
          `StudyDate=-${all.find((i) => i['00100020']!.Value![0] === b)!['00080020']!.Value![0]}`,
        ),
      ).toEqual([b, b]);
      const pages = await Promise.all(
        [0, 3, 6].map((offset) => search(`/api/dicomweb/instances?limit=3&offset=${offset}`)),
      );
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(all);
    },
  );

  it('refuses unknown or malformed query keys with 400, naming the key and the keys allowed', async () => {
    const refused = async (url: string) => {
      const response = await physicist.get(url);
      expect(response.statusCode, url).toBe(400);
      return response.json().error.fields as { path: string; message: string }[];
    };
    const [unknown] = await refused('/api/dicomweb/studies?PatientName=Doe');
    expect(unknown!.path).toBe('query');
    expect(unknown!.message).toBe(
      'unknown key PatientName: the keys allowed here are StudyInstanceUID (0020000D), PatientID (00100020), ' +
        'StudyDate (00080020), ModalitiesInStudy (00080061), limit, offset, fuzzymatching, includefield',
    );
    // A study's series match series keys only; all series match study keys too.
    const [studyKey] = await refused('/api/dicomweb/studies/1.2.3/series?PatientID=P-0001');
    expect(studyKey!.message).toMatch(
      /^unknown key PatientID: the keys allowed here are SeriesInstanceUID \(0020000E\), Modality/,
    );
    expect(studyKey!.message).not.toContain('StudyDate');
    expect((await physicist.get('/api/dicomweb/series?PatientID=P-0001')).statusCode).toBe(200);
    const [instanceKey] = await refused('/api/dicomweb/studies/1.2.3/series/1.2.3.4/instances?Modality=MR');
    expect(instanceKey!.message).toContain(
      'SOPInstanceUID (00080018), SOPClassUID (00080016), InstanceNumber (00200013)',
    );
    expect(await refused('/api/dicomweb/series?SeriesDescription=a&0008103E=b')).toEqual([
      { path: 'query.0008103E', code: 'rule', message: 'is SeriesDescription again: give one or the other' },
    ]);
    expect(await refused('/api/dicomweb/instances?InstanceNumber=two')).toEqual([
      { path: 'query.InstanceNumber', code: 'pattern', message: 'must be an integer' },
    ]);
    expect((await refused('/api/dicomweb/studies?StudyDate=2020'))[0]!.path).toBe('query.StudyDate');
    expect((await refused('/api/dicomweb/studies?StudyInstanceUID=1.2.3,x'))[0]!.path).toBe(
      'query.StudyInstanceUID.1',
    );
    expect((await refused('/api/dicomweb/series?Modality=mr'))[0]!.path).toBe('query.Modality');
    expect((await refused('/api/dicomweb/instances?limit=0'))[0]!.path).toBe('query.limit');
    expect((await refused('/api/dicomweb/instances?limit=1001'))[0]!.path).toBe('query.limit');
    expect((await refused('/api/dicomweb/studies?fuzzymatching=yes'))[0]!.path).toBe('query.fuzzymatching');
    expect((await refused('/api/dicomweb/studies/not-a-uid/series'))[0]!.path).toBe('params.study');
    expect((await (await server.login('radiologist')).get('/api/dicomweb/studies')).statusCode).toBe(403);
  });

  it.skipIf(!HAS_DCMTK)(
    'retrieves a study, a series, an instance, metadata and frames by WADO-RS, with 0 PHI hits',
    async () => {
      const [a] = participants as [string];
      const [t1] = await search(`/api/dicomweb/series?PatientID=${a}&SeriesNumber=3`);
      const studyUid = t1!['0020000D']!.Value![0] as string;
      const seriesUid = t1!['0020000E']!.Value![0] as string;
      const series = `/api/dicomweb/studies/${studyUid}/series/${seriesUid}`;

      for (const study of await search('/api/dicomweb/studies')) {
        const all = await physicist.get(study['00081190']!.Value![0] as string);
        expect(all.headers['content-type']).toMatch(/^multipart\/related; type="application\/dicom"/);
        for (const f of parts(all)) {
          expect(getString(readDicom(f).dataset, T.PatientName)).toBe(study['00100020']!.Value![0]);
          expect(phiHits(f, identifying)).toEqual([]);
        }
      }
      expect(parts(await physicist.get(series))).toHaveLength(3);
      const [third] = await search(`${series}/instances?InstanceNumber=3`);
      const sop = third!['00080018']!.Value![0] as string;
      const one = parts(await physicist.get(`${series}/instances/${sop}`));
      expect(one).toHaveLength(1);
      expect(getString(readDicom(one[0]!).dataset, T.SOPInstanceUID)).toBe(sop);
      const missing = await physicist.get(`${series}/instances/2.25.1`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toBe('Instance 2.25.1 not found');
      expect(
        (await physicist.get(`/api/dicomweb/studies/${studyUid}/series/2.25.2`)).json().error.message,
      ).toBe('Series 2.25.2 not found');

      const metadata = await search(`${series}/metadata`);
      expect(metadata).toHaveLength(3);
      const [own] = await search(`${series}/instances/${sop}/metadata`);
      expect(own).toEqual(metadata[2]);
      expect(own!['00100010']!.Value).toEqual([{ Alphabetic: a }]);
      expect(own!['7FE00010']!.BulkDataURI).toBe(`${series}/instances/${sop}/frames/1`);
      expect((await physicist.get(`${series}/metadata`)).headers['cache-control']).toBe('no-store');

      // The third file was RLE-compressed: frames come back decompressed, in explicit VR little endian, and the
      // browser may keep them (a stored instance never changes).
      const frame = await physicist.get(`${series}/instances/${sop}/frames/1`);
      expect(frame.headers['cache-control']).toBe('private, max-age=31536000, immutable');
      expect(frame.rawPayload.toString('latin1')).toContain(
        '\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n',
      );
      const [pixels] = parts(frame);
      expect(pixels!.readUInt16LE(2 * (1 + 5 * 2))).toBe(sliceValue(1, 2, 2));
      expect((await physicist.get(`${series}/instances/${sop}/frames/2`)).statusCode).toBe(404);
    },
  );
});
