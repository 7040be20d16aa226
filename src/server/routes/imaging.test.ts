import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { T } from '../../imaging/dicom/tag.ts';
import { getString } from '../../imaging/dicom/values.ts';
import { HAS_DCMTK, makeDicom } from '../../imaging/testing/dcmtk.ts';
import { classicMrLines, IDENTITY_A, phantom16 } from '../../imaging/testing/phantoms.ts';
import { phiCorpus, phiHits } from '../../imaging/testing/phi-corpus.ts';
import { decodeGreyPng } from '../../imaging/testing/png.ts';
import { zipStored } from '../../imaging/testing/zip.ts';
import { demoPassword, startTestServer, type ApiClient, type TestServer } from '../testing.ts';

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
    'uploads a zip to an exam, stores it with 0 PHI hits, lists its series with a thumbnail, skips it again',
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
      const stored = readdirSync(join(dir, 'data', 'dicom'), { recursive: true, encoding: 'utf8' }).filter(
        (f) => f.endsWith('.dcm'),
      );
      expect(stored).toHaveLength(3);
      for (const name of stored) {
        const file = readFileSync(join(dir, 'data', 'dicom', name));
        expect(getString(readDicom(file).dataset, T.PatientName)).toBe(participantCode);
        expect(phiHits(file, identifying)).toEqual([]);
      }

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
