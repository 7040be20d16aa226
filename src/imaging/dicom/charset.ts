/**
 * Specific Character Set (0008,0005). Manus decodes the single-byte Latin-1 and UTF-8 repertoires used by French
 * sites; names must be decoded before they can be matched or cleaned, because the same accented name has
 * different bytes in each.
 */
export type Charset = 'latin1' | 'utf8';

export function charsetOf(specificCharacterSet: string | undefined): Charset {
  const terms = (specificCharacterSet ?? '').split('\\').map((s) => s.trim().toUpperCase());
  return terms.includes('ISO_IR 192') ? 'utf8' : 'latin1';
}

export function decodeText(bytes: Uint8Array, charset: Charset): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(charset);
}

export function encodeText(text: string, charset: Charset): Buffer {
  return Buffer.from(text, charset);
}
