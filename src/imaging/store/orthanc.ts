import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ManusError } from '../../core/errors.ts';
import { parseMultipart } from '../dicomweb/multipart.ts';
import type { ImageStore, InstanceUids, StoredObject } from './store.ts';

const UID = '[0-9]+(?:\\.[0-9]+)*';
const KEY = new RegExp(`^(${UID})/(${UID})/(${UID})$`);

/**
 * Orthanc as the image store, used when ORTHANC_URL is set: files go in by STOW-RS and come back by WADO-RS,
 * addressed by their (de-identified) study/series/SOP instance UIDs. Manus keeps serving DICOMweb itself, behind
 * its own permissions: the viewer never talks to Orthanc, which listens on the loopback only.
 */
export class OrthancStore implements ImageStore {
  readonly kind = 'orthanc' as const;
  private readonly base: string;

  constructor(url: string, _dataDir: string) {
    this.base = url.replace(/\/+$/, '');
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, init);
    } catch (error) {
      throw new Error(
        `Orthanc at ${this.base} is unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (response.status === 404) throw new ManusError('not_found', `Orthanc has no ${path}`);
    if (!response.ok)
      throw new Error(
        `Orthanc ${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`,
      );
    return response;
  }

  private parse(key: string): InstanceUids {
    const match = KEY.exec(key);
    if (!match) throw new ManusError('bad_request', `Not an Orthanc store key: ${key}`);
    return { study: match[1]!, series: match[2]!, sop: match[3]! };
  }

  private async exists(uids: InstanceUids): Promise<boolean> {
    const found = (await (
      await this.call(
        `/dicom-web/studies/${uids.study}/series/${uids.series}/instances?SOPInstanceUID=${uids.sop}`,
        {
          headers: { accept: 'application/dicom+json' },
        },
      ).catch((error: unknown) => {
        if (error instanceof ManusError && error.kind === 'not_found') return undefined;
        throw error;
      })
    )?.json()) as unknown[] | undefined;
    return Array.isArray(found) && found.length > 0;
  }

  async put(chunks: readonly Uint8Array[], uids: InstanceUids): Promise<StoredObject> {
    const key = `${uids.study}/${uids.series}/${uids.sop}`;
    const size = chunks.reduce((n, c) => n + c.length, 0);
    if (await this.exists(uids)) return { key, size, created: false };
    const boundary = `manus-${randomBytes(12).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, 'latin1'),
      ...chunks,
      Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
    ]);
    const response = await this.call('/dicom-web/studies', {
      method: 'POST',
      headers: {
        'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        accept: 'application/dicom+json',
      },
      body,
    });
    const answer = (await response.json()) as Record<string, { Value?: unknown[] } | undefined>;
    // FailedSOPSequence (0008,1198): Orthanc refused the instance.
    if (answer['00081198']?.Value?.length)
      throw new ManusError('invalid', 'Orthanc refused the instance (STOW-RS failure)');
    return { key, size, created: true };
  }

  /** Orthanc keeps the first copy of a SOP instance it receives: the old one goes first. */
  async rewrite(key: string, chunks: readonly Uint8Array[], uids: InstanceUids): Promise<StoredObject> {
    await this.discard(key);
    return this.put(chunks, uids);
  }

  async read(key: string): Promise<Buffer> {
    const u = this.parse(key);
    // transfer-syntax=* asks for the file as stored; without it WADO-RS transcodes to explicit VR little endian.
    const response = await this.call(`/dicom-web/studies/${u.study}/series/${u.series}/instances/${u.sop}`, {
      headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
    });
    const [part] = parseMultipart(
      Buffer.from(await response.arrayBuffer()),
      response.headers.get('content-type') ?? '',
    );
    if (!part) throw new ManusError('not_found', `Orthanc returned no file for ${u.sop}`);
    return part;
  }

  async open(key: string): Promise<Readable> {
    return Readable.from([await this.read(key)]);
  }

  async discard(key: string): Promise<void> {
    const u = this.parse(key);
    const matches = (await (await this.call('/tools/lookup', { method: 'POST', body: u.sop })).json()) as {
      ID: string;
      Type: string;
    }[];
    for (const m of matches)
      if (m.Type === 'Instance') await this.call(`/instances/${m.ID}`, { method: 'DELETE' });
  }
}
