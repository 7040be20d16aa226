import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseFormula } from './csv.ts';

describe('CSV cells', () => {
  it('neutralises every formula start with an apostrophe', () => {
    for (const formula of ['=1+1', '+cmd|calc', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("x")'])
      expect(neutraliseFormula(formula)).toBe(`'${formula}`);
  });

  it('leaves plain numbers and ordinary text as they are', () => {
    for (const text of ['-3', '+0.5', '-1e-3', '.5', 'P-0001', 'a=b', '', 'reason: -x'])
      expect(neutraliseFormula(text)).toBe(text);
  });

  it('quotes after neutralising, so the apostrophe sits inside the quotes', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('plain')).toBe('plain');
  });
});
