import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * A multipart/related body (PS3.18 8.7.1.1, RFC 2387) streamed part by part, so a whole series is never held in
 * memory: each part is produced only when the client has read the previous one. `partType` is each part's
 * Content-Type when it says more than `type`, e.g. the transfer syntax of frames (PS3.18 8.7.3.4).
 */
export function multipartRelated(
  type: string,
  parts: AsyncIterable<Uint8Array | Readable>,
  partType: string = type,
): { contentType: string; body: Readable } {
  const boundary = `manus-${randomBytes(12).toString('hex')}`;
  async function* generate(): AsyncGenerator<Uint8Array> {
    for await (const part of parts) {
      yield Buffer.from(`--${boundary}\r\nContent-Type: ${partType}\r\n\r\n`, 'latin1');
      if (part instanceof Readable) for await (const chunk of part) yield chunk as Uint8Array;
      else yield part;
      yield Buffer.from('\r\n', 'latin1');
    }
    yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
  }
  return {
    contentType: `multipart/related; type="${type}"; boundary=${boundary}`,
    body: Readable.from(generate()),
  };
}

/** The parts of a multipart/related body (as another DICOMweb server answers WADO-RS). */
export function parseMultipart(body: Buffer, contentType: string): Buffer[] {
  const match = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!match) throw new Error(`No boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${match[1]}`, 'latin1');
  const out: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
    const headersEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), headersEnd);
    if (headersEnd < 0 || next < 0) throw new Error('Truncated multipart body');
    out.push(body.subarray(headersEnd + 4, next));
    at = next + 2;
  }
  return out;
}
