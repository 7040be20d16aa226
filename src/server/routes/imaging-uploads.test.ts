import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/testing/engines.ts';
import { EXTRACTION_MEMORY, MAX_ZIP_BYTES } from '../../imaging/import/sources.ts';
import { zipStored } from '../../imaging/testing/zip.ts';
import { removeStaleUploads } from '../../services/imaging/uploads.ts';
import { verifyStore } from '../../services/store/verify.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

// Upload limits do not depend on the database engine: one is enough.
let dir: string;
let uploads: string;
let server: TestServer;
let physicist: ApiClient;
let examId: string;
const SYSTEM = { userId: null, username: 'test:uploads', role: 'system', requestId: 'test' } as const;
/** A pid no process has (above Linux's pid_max of 2^22). */
const DEAD_PID = 5_000_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'manus-uploads-'));
  uploads = join(dir, 'data', 'uploads');
  mkdirSync(uploads, { recursive: true });
  // Left by a server killed mid-import, and by an older version: removed when the next server is ready.
  writeFileSync(join(uploads, `${hostname()}.${DEAD_PID}.${crypto.randomUUID()}.upload`), 'identifying');
  writeFileSync(join(uploads, `${crypto.randomUUID()}.upload`), 'identifying');
  server = await startTestServer(TEST_ENGINES[0]!, { dataDir: join(dir, 'data'), uploadLimitBytes: 4096 });
  physicist = await server.login('physicist');
  examId = (await server.db.kysely.selectFrom('mri_exam').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const uploadFiles = () => readdirSync(uploads).filter((name) => name.endsWith('.upload'));

async function failures(): Promise<Record<string, unknown>[]> {
  const events = await server.db.kysely
    .selectFrom('audit_event')
    .select('after_json')
    .where('action', '=', 'imaging.upload.failed')
    .orderBy('seq')
    .execute();
  return events.map((e) => JSON.parse(e.after_json!) as Record<string, unknown>);
}

it('removed the uploads of interrupted imports when the server started', () => {
  expect(uploadFiles()).toEqual([]);
});

it('keeps the uploads of running servers and of other hosts', async () => {
  const live = `${hostname()}.${process.pid}.${crypto.randomUUID()}.upload`;
  const foreign = `another-host.${DEAD_PID}.${crypto.randomUUID()}.upload`;
  const dead = `${hostname()}.${DEAD_PID}.${crypto.randomUUID()}.upload`;
  for (const name of [live, foreign, dead]) writeFileSync(join(uploads, name), 'x');
  expect((await removeStaleUploads(join(dir, 'data'))).map((u) => u.path)).toEqual([join(uploads, dead)]);
  expect(uploadFiles().sort()).toEqual([foreign, live].sort());
  // `manus store verify` lists what is left: identifying originals, until their import ends.
  const report = await verifyStore({ db: server.db, actor: SYSTEM, dataDir: join(dir, 'data') });
  expect(report.uploads).toEqual(
    [foreign, live].sort().map((name) => ({ path: join(uploads, name), size: 1 })),
  );
  for (const name of [live, foreign]) rmSync(join(uploads, name));
});

it('refuses an upload beyond the limit with 413 naming the body, declared or streamed, and audits it', async () => {
  const declared = await physicist.upload(
    `/api/exams/${examId}/images`,
    'application/zip',
    Buffer.alloc(5000),
  );
  expect(declared.statusCode).toBe(413);
  expect(declared.json().error).toEqual({
    code: 'too_large',
    message: "Upload larger than the server's limit of 4096 bytes",
    fields: [{ path: 'body', code: 'too_long', message: 'must be at most 4096 bytes' }],
  });
  // Without a length (chunked), the limit stops the stream itself.
  const streamed = await physicist.upload(
    `/api/exams/${examId}/images`,
    'application/dicom',
    Readable.from([Buffer.alloc(3000), Buffer.alloc(3000)]),
  );
  expect(streamed.statusCode).toBe(413);
  expect(streamed.json().error.fields[0].path).toBe('body');
  expect(uploadFiles()).toEqual([]);
  expect(await failures()).toEqual([
    { examId, bytes: 0, error: 'too_large', reason: "Upload larger than the server's limit of 4096 bytes" },
    { examId, bytes: 0, error: 'too_large', reason: "Upload larger than the server's limit of 4096 bytes" },
  ]);
});

it('refuses a zip whose entry names leave the archive, and one that would expand beyond 32 GiB', async () => {
  const climbing = zipStored([{ name: '../../etc/evil.dcm', bytes: Buffer.from('x') }]);
  const res = await physicist.upload(`/api/exams/${examId}/images`, 'application/zip', climbing);
  expect(res.statusCode).toBe(422);
  expect(res.json().error.fields).toEqual([
    {
      path: 'upload',
      code: 'unreadable',
      message: expect.stringMatching(/^Zip archive refused: an entry name is absolute or leaves the archive/),
    },
  ]);
  const bomb = await physicist.upload(`/api/exams/${examId}/images`, 'application/zip', zipBomb(10));
  expect(bomb.statusCode).toBe(422);
  expect(bomb.json().error.fields[0].message).toBe(
    `Zip archive of ${10 * 0xf0000000} bytes uncompressed: at most ${MAX_ZIP_BYTES} are accepted`,
  );
  expect(uploadFiles()).toEqual([]);
  expect(EXTRACTION_MEMORY.inUse).toBe(0);
  expect((await failures()).slice(2).map((f) => f.error)).toEqual(['invalid', 'invalid']);
});

/** A small zip of deflated entries whose central directory claims 0xF0000000 bytes each once expanded. */
function zipBomb(entries: number): Buffer {
  const deflated = deflateRawSync(Buffer.alloc(1024));
  const zip = zipStored(Array.from({ length: entries }, (_, i) => ({ name: `IM${i}.dcm`, bytes: deflated })));
  for (let at = zip.indexOf(CENTRAL); at >= 0; at = zip.indexOf(CENTRAL, at + 4)) {
    zip.writeUInt16LE(8, at + 10);
    zip.writeUInt32LE(0xf0000000, at + 24);
  }
  return zip;
}
const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
