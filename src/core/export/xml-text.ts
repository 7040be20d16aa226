/**
 * Text as XML 1.0 can carry it. XML builders escape `& < > "` but pass control characters through, and a parser then
 * rejects the whole file: characters outside XML's Char production (C0 controls other than tab, line feed and
 * carriage return, U+FFFE and U+FFFF) are removed, and a lone surrogate becomes U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const ILLEGAL_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlText(value: string): string {
  return value.toWellFormed().replace(ILLEGAL_XML_CHARACTERS, '');
}
