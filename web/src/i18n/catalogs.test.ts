import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('i18n catalogs', () => {
  const enKeys = flatten(en);
  const frKeys = flatten(fr);

  it('have the same keys in English and French', () => {
    expect([...frKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
  });

  it('have no empty value', () => {
    for (const [catalog, entries] of [
      ['en', enKeys],
      ['fr', frKeys],
    ] as const) {
      for (const [key, value] of entries) {
        expect(typeof value, `${catalog}:${key}`).toBe('string');
        expect(String(value).trim(), `${catalog}:${key}`).not.toBe('');
      }
    }
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [key, value] of enKeys) {
      expect(placeholders(String(frKeys.get(key) ?? '')), key).toEqual(placeholders(String(value)));
    }
  });
});
