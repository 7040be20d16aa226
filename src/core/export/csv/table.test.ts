import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvObjects } from './parse.ts';
import { guardText, hasNewline, tableCsv, unguardText, type Table } from './table.ts';

const table = (rows: Table['rows']): Table => ({
  name: 't',
  title: { en: 'T', fr: 'T' },
  level: { en: 'row', fr: 'ligne' },
  variables: [
    { name: 'n', label: { en: 'N', fr: 'N' }, type: 'number', source: 'test' },
    { name: 's', label: { en: 'S', fr: 'S' }, type: 'string', source: 'test' },
  ],
  rows,
});

describe('tidy CSV cells', () => {
  it('guards text that a spreadsheet would run as a formula, and unguards it exactly', () => {
    for (const text of ['=1+1', '+33 6', '-x', '@SUM(A1)', '\tx', '\rx', "'quoted"]) {
      expect(guardText(text)).toBe(`'${text}`);
      expect(unguardText(guardText(text))).toBe(text);
    }
    for (const text of ['plain', 'P-0001', '2026-01-01', '']) {
      expect(guardText(text)).toBe(text);
      expect(unguardText(guardText(text))).toBe(text);
    }
  });

  it('writes numbers as numbers (negative ones unguarded), null as an empty cell, and quotes per RFC 4180', () => {
    expect(
      tableCsv(
        table([
          [-2.5, '=A1'],
          [null, 'a,"b"'],
          [3, null],
        ]),
      ),
    ).toBe('n,s\n-2.5,\'=A1\n,"a,""b"""\n3,\n');
  });

  it('keeps line breaks inside quotes, or flattens them for SPSS', () => {
    const t = table([[1, 'first\nsecond']]);
    expect(hasNewline(t)).toBe(true);
    expect(tableCsv(t)).toBe('n,s\n1,"first\nsecond"\n');
    expect(tableCsv(t, { flattenNewlines: true })).toBe('n,s\n1,first second\n');
    expect(hasNewline(table([[1, 'one line']]))).toBe(false);
  });
});

describe('reading the CSV back', () => {
  it('parses what tableCsv writes, quotes, commas and line breaks included', () => {
    const t = table([
      [-2.5, '=A1'],
      [null, 'a,"b"\nc'],
      [3, null],
    ]);
    expect(parseCsv(tableCsv(t))).toEqual([
      ['n', 's'],
      ['-2.5', "'=A1"],
      ['', 'a,"b"\nc'],
      ['3', ''],
    ]);
    expect(parseCsvObjects('a,b\r\n1,2\r\n')).toEqual([{ a: '1', b: '2' }]);
    expect(() => parseCsv('a,"b')).toThrow(/quoted/);
  });
});
