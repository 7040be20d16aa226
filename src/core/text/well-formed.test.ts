import { describe, expect, it } from 'vitest';
import { illFormedText, storableText, textProblem } from './well-formed.ts';

describe('well-formed text', () => {
  it('names lone surrogates and NUL, and accepts combining marks and 4-byte emoji', () => {
    expect(textProblem('\ud800')).toMatch(/surrogate/);
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('e\u0301 👋🏽')).toBeNull();
    expect(storableText('\udfffx\u0000')).toBe('\ufffdx\ufffd');
  });

  it('finds bad text at any depth of a JSON value, keys included', () => {
    const issues = illFormedText({ a: [{ b: '\ud800' }], ['\udc00']: 1 }, 'body');
    expect(issues.map((issue) => issue.path)).toEqual(['body.a.0.b', 'body']);
  });

  it('does not walk what JSON parsing never produces (an upload stream, a Buffer, a cycle)', () => {
    // An upload arrives as a stream object full of back-references: walking it used to take minutes.
    const stream: Record<string, unknown> = { chunk: Buffer.alloc(1_000_000) };
    stream.self = stream;
    expect(illFormedText(Object.assign(Object.create(stream) as object, { x: 1 }), 'body')).toEqual([]);
    expect(illFormedText(Buffer.from('\ud800'), 'body')).toEqual([]);
  });

  it('stops on a pathologically wide or cyclic plain value', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.b = cyclic;
    cyclic.c = cyclic;
    expect(illFormedText(cyclic, 'body')).toEqual([]);
  });
});
