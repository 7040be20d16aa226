import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { T } from '../../imaging/dicom/tag.ts';
import { getString } from '../../imaging/dicom/values.ts';
import { HAS_DCMTK, makeDicom } from '../../imaging/testing/dcmtk.ts';
import { classicMrLines, IDENTITY_A, phantom16, sliceValue } from '../../imaging/testing/phantoms.ts';
import { phiCorpus, phiHits } from '../../imaging/testing/phi-corpus.ts';
import { decodeGreyPng } from '../../imaging/testing/png.ts';
import { zipStored } from '../../imaging/testing/zip.ts';
import { demoPassword, startTestServer, type ApiClient, type TestServer } from '../testing.ts';

/** Splits a multipart/related body into its parts' bytes. */
function parts(body: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary=([^;]+)/.exec(contentType)![1]!;
  const out: Buffer[] = [];
  let at = body.indexOf(`--${boundary}`);
  for (;;) {
    const headerEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(`\r\n--${boundary}`, headerEnd);
    if (headerEnd < 0 || next < 0) break;
    out.push(body.subarray(headerEnd + 4, next));
    at = next + 2;
  }
  return out;
}

describeEachEngine('imaging API', (engine) => {
  let server: TestServer;
  let physicist: ApiClient;
  let dir: string;
  let examId: string;
  let participantCode: string;
  let zip: Buffer;
  let identifying: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manus-api-imaging-'));
    server = await startTestServer(engine, {
      dataDir: join(dir, 'data'),
      loginRateLimit: { max: 100, timeWindowMs: 60_000 },
    });
    physicist = await server.login('physicist');
    const exam = await server.db.kysely
      .selectFrom('mri_exam')
      .innerJoin('participant', 'participant.id', 'mri_exam.participant_id')
      .select(['mri_exam.id', 'participant.code'])
      .orderBy('participant.code')
      .executeTakeFirstOrThrow();
    examId = exam.id;
    participantCode = exam.code;
    if (!HAS_DCMTK) return;
    const entries = [0, 1, 2].map((k) => {
      const base = classicMrLines({
        identity: IDENTITY_A,
        charset: 'ISO_IR 192',
        k,
        sopUid: `${IDENTITY_A.studyUid}.40.${k}`,
      });
      const corpus = phiCorpus(IDENTITY_A, 40 + k, new Set(base.map((l) => l.slice(0, 11).toLowerCase())));
      identifying = [...corpus.identifying, ...corpus.uids];
      const file = makeDicom(
        dir,
        `api-${k}`,
        [...base, ...corpus.lines],
        phantom16(6, 5, 1, k),
        k === 2 ? 'rle' : 'explicit',
        'utf8',
      );
      return { name: `${IDENTITY_A.familyName}/IM${k}.dcm`, bytes: readFileSync(file) };
    });
    zip = zipStored([...entries, { name: 'README.txt', bytes: Buffer.from('not an image') }]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_DCMTK)(
    'uploads a zip to an exam, lists its series, and serves them by DICOMweb with 0 PHI hits',
    async () => {
      const cookieClient = await loginHeaders(server, 'physicist');
      const res = await server.app.inject({
        method: 'POST',
        url: `/api/exams/${examId}/images`,
        headers: { ...cookieClient, 'content-type': 'application/zip' },
        payload: zip,
      });
      expect(res.statusCode, res.body).toBe(200);
      const summary = res.json();
      expect(summary).toMatchObject({
        imported: 3,
        skipped: 0,
        errors: [{ path: 'README.txt', reason: expect.stringMatching(/Not a DICOM/) }],
      });

      const series = (await physicist.get(`/api/exams/${examId}/series`)).json().items;
      expect(series).toHaveLength(1);
      expect(series[0]).toMatchObject({
        seriesDescription: 't1_vibe_hands',
        nucleus: '1H',
        rows: 6,
        columns: 5,
        frames: 3,
        instances: 3,
      });

      // The middle of three slices (k = 1), windowed from its lowest to its highest value (30 pixels: the 1st
      // and 99th percentiles are the extremes), keeps the phantom's ramp of 37 per column and 11 per row.
      const thumbnailUrl = `/api/exams/${examId}/series/${series[0].seriesInstanceUid}/thumbnail`;
      const thumbnail = await physicist.get(thumbnailUrl);
      expect(thumbnail.statusCode, thumbnail.body).toBe(200);
      expect(thumbnail.headers['content-type']).toBe('image/png');
      const png = decodeGreyPng(thumbnail.rawPayload);
      expect(png).toMatchObject({ width: 5, height: 6 });
      for (let j = 0; j < 6; j++)
        for (let i = 0; i < 5; i++)
          expect(png.pixels[j * 5 + i]).toBe(Math.round((255 * (37 * i + 11 * j)) / (37 * 4 + 11 * 5)));
      expect((await (await server.login('radiologist')).get(thumbnailUrl)).statusCode).toBe(403);
      expect((await (await server.login('statistician')).get(thumbnailUrl)).statusCode).toBe(403);
      expect((await physicist.get(`/api/exams/${examId}/series/1.2.3/thumbnail`)).statusCode).toBe(404);
      expect((await physicist.get(`/api/exams/${examId}/series/x/thumbnail`)).statusCode).toBe(400);

      const studies = await physicist.get(`/api/dicomweb/studies?PatientID=${participantCode}`);
      expect(studies.statusCode).toBe(200);
      expect(studies.headers['content-type']).toContain('application/dicom+json');
      const study = studies.json()[0];
      expect(study['00100020'].Value).toEqual([participantCode]);
      expect(study['00201208'].Value).toEqual([3]);
      const studyUid = study['0020000D'].Value[0];
      const seriesUid = (await physicist.get(`/api/dicomweb/studies/${studyUid}/series`)).json()[0][
        '0020000E'
      ].Value[0];
      const instances = (
        await physicist.get(`/api/dicomweb/studies/${studyUid}/series/${seriesUid}/instances`)
      ).json();
      expect(instances).toHaveLength(3);

      const wado = await physicist.get(`/api/dicomweb/studies/${studyUid}/series/${seriesUid}`);
      expect(wado.statusCode).toBe(200);
      const files = parts(wado.rawPayload, String(wado.headers['content-type']));
      expect(files).toHaveLength(3);
      for (const f of files) {
        expect(getString(readDicom(f).dataset, T.PatientName)).toBe(participantCode);
        expect(phiHits(f, identifying)).toEqual([]);
      }
      const sop = instances.find((i: Record<string, { Value: number[] }>) => i['00200013']!.Value[0] === 3)[
        '00080018'
      ].Value[0];
      // The same retrieval at the study level and for one instance; a missing level is named in the 404.
      const wholeStudy = await physicist.get(`/api/dicomweb/studies/${studyUid}`);
      expect(parts(wholeStudy.rawPayload, String(wholeStudy.headers['content-type']))).toHaveLength(3);
      const one = await physicist.get(
        `/api/dicomweb/studies/${studyUid}/series/${seriesUid}/instances/${sop}`,
      );
      const [oneFile] = parts(one.rawPayload, String(one.headers['content-type']));
      expect(getString(readDicom(oneFile!).dataset, T.SOPInstanceUID)).toBe(sop);
      const missing = await physicist.get(
        `/api/dicomweb/studies/${studyUid}/series/${seriesUid}/instances/2.25.1`,
      );
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toBe('Instance 2.25.1 not found');
      const metadata = (
        await physicist.get(`/api/dicomweb/studies/${studyUid}/series/${seriesUid}/instances/${sop}/metadata`)
      ).json()[0];
      expect(metadata['00100010'].Value).toEqual([{ Alphabetic: participantCode }]);
      expect(metadata['7FE00010'].BulkDataURI).toContain(sop);
      // The third file was RLE-compressed: frames come back decompressed.
      const frame = await physicist.get(
        `/api/dicomweb/studies/${studyUid}/series/${seriesUid}/instances/${sop}/frames/1`,
      );
      const pixels = parts(frame.rawPayload, String(frame.headers['content-type']))[0]!;
      expect(pixels.readUInt16LE(2 * (1 + 5 * 2))).toBe(sliceValue(1, 2, 2));
      expect(
        (
          await physicist.get(
            `/api/dicomweb/studies/${studyUid}/series/${seriesUid}/instances/${sop}/frames/2`,
          )
        ).statusCode,
      ).toBe(404);

      const again = await server.app.inject({
        method: 'POST',
        url: `/api/exams/${examId}/images`,
        headers: { ...cookieClient, 'content-type': 'application/zip' },
        payload: zip,
      });
      expect(again.json()).toMatchObject({ imported: 0, skipped: 3 });
    },
  );

  it('refuses uploads that are not images, without CSRF, or from roles without imaging.import', async () => {
    const headers = await loginHeaders(server, 'physicist');
    const junk = await server.app.inject({
      method: 'POST',
      url: `/api/exams/${examId}/images`,
      headers: { ...headers, 'content-type': 'application/dicom' },
      payload: Buffer.from('garbage'),
    });
    expect(junk.statusCode).toBe(422);
    expect(junk.json().error.fields[0]).toMatchObject({
      path: 'upload',
      message: expect.stringMatching(/Not a DICOM/),
    });
    expect((await physicist.post(`/api/exams/${examId}/images`, {})).statusCode).toBe(400);
    const { 'x-csrf-token': _csrf, ...noCsrf } = headers;
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/exams/${examId}/images`,
          headers: { ...noCsrf, 'content-type': 'application/zip' },
          payload: Buffer.alloc(4),
        })
      ).statusCode,
    ).toBe(403);
    const statistician = await loginHeaders(server, 'statistician');
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/exams/${examId}/images`,
          headers: { ...statistician, 'content-type': 'application/zip' },
          payload: Buffer.alloc(4),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/exams/00000000-0000-4000-8000-000000000000/images',
          headers: { ...headers, 'content-type': 'application/zip' },
          payload: Buffer.alloc(4),
        })
      ).statusCode,
    ).toBe(404);
    const reader = await server.login('radiologist');
    expect((await reader.get('/api/dicomweb/studies')).statusCode).toBe(403);
    expect((await physicist.get('/api/dicomweb/studies/not-a-uid/series')).statusCode).toBe(400);
  });
});

async function loginHeaders(server: TestServer, username: string): Promise<Record<string, string>> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password: demoPassword(username) },
  });
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, 'x-csrf-token': (response.json() as { csrfToken: string }).csrfToken };
}
