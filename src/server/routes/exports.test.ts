import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExportJob } from '../../core/api/exports.ts';
import { listAudit } from '../../db/audit.ts';
import { describeEachEngine } from '../../db/testing/engines.ts';
import { expectAuditChainIntact } from '../../db/testing/fixtures.ts';
import { EXPORT_TEST_PASSWORD, seedExportTestStudy } from '../../services/export/testing.ts';
import { startTestServer, type ApiClient, type TestServer } from '../testing.ts';

/** Waits for an export of the small test study; it takes a few event-loop turns, not seconds. */
async function finished(client: ApiClient, id: string): Promise<ExportJob> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const job = (await client.get(`/api/exports/${id}`)).json() as ExportJob;
    if (job.status !== 'running') return job;
    await nextTurn();
  }
  throw new Error(`export ${id} did not finish`);
}

/** The entry names of a stored zip, from its central directory. */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extra = zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extra;
  }
  return names;
}

describeEachEngine('exports API', (engine) => {
  let server: TestServer;
  let statistician: ApiClient;
  let monitor: ApiClient;
  let radiologist: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(engine, {}, seedExportTestStudy);
    statistician = await server.login('stats', EXPORT_TEST_PASSWORD);
    monitor = await server.login('monitor-a', EXPORT_TEST_PASSWORD);
    radiologist = await server.login('reader-a', EXPORT_TEST_PASSWORD);
  });
  afterAll(() => server.close());

  it('lists the formats, and says who may ask for an identified export', async () => {
    const formats = (await statistician.get('/api/exports/formats')).json() as {
      items: { name: string }[];
      identifiedAllowed: boolean;
    };
    expect(formats.items.map((f) => f.name)).toEqual(expect.arrayContaining(['csv', 'redcap']));
    expect(formats.identifiedAllowed).toBe(false);
    expect((await monitor.get('/api/exports/formats')).json()).toMatchObject({ identifiedAllowed: true });
  });

  it('refuses radiologists, and identified exports to those who may not read identities', async () => {
    expect((await radiologist.get('/api/exports/formats')).statusCode).toBe(403);
    expect((await radiologist.post('/api/exports', { format: 'csv' })).statusCode).toBe(403);
    const refused = await statistician.post('/api/exports', { format: 'csv', identified: true });
    expect(refused.statusCode).toBe(403);
    expect((await statistician.post('/api/exports', { format: 'nope' })).statusCode).toBe(400);
  });

  it('runs an export, audits it, and serves its zip to the one who asked only', async () => {
    const started = await statistician.post('/api/exports', { format: 'csv' });
    expect(started.statusCode).toBe(202);
    const job = await finished(statistician, (started.json() as ExportJob).id);
    expect(job).toMatchObject({ status: 'succeeded', percent: 100, identified: false, participants: 3 });
    expect((await monitor.get(`/api/exports/${job.id}`)).statusCode).toBe(404);
    expect((await monitor.get(`/api/exports/${job.id}/download`)).statusCode).toBe(404);
    const download = await statistician.get(`/api/exports/${job.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toMatch(/manus-csv-deidentified-.*\.zip/);
    expect(Number(download.headers['content-length'])).toBe(download.rawPayload.length);
    const names = zipEntryNames(download.rawPayload);
    expect(names).toHaveLength(job.files);
    expect(names).toEqual(
      expect.arrayContaining(['participants.csv', 'codebook.md', 'import.R', 'import.sps']),
    );
    const exports = (await listAudit(server.db.kysely)).filter((e) => e.action === 'data.export');
    expect(exports.at(-1)).toMatchObject({
      username: 'stats',
      role: 'statistician',
      after: { format: 'csv', identified: false, participants: 3 },
    });
  });

  it('lets the monitor export identified data, each identity read audited', async () => {
    const started = await monitor.post('/api/exports', { format: 'redcap', identified: true });
    const job = await finished(monitor, (started.json() as ExportJob).id);
    expect(job).toMatchObject({ status: 'succeeded', identified: true });
    const events = await listAudit(server.db.kysely);
    expect(events.filter((e) => e.action === 'data.export').at(-1)).toMatchObject({
      username: 'monitor-a',
      after: { format: 'redcap', identified: true },
    });
    expect(events.some((e) => e.action === 'identity.read' && e.username === 'monitor-a')).toBe(true);
    await expectAuditChainIntact(server.db);
  });
});
