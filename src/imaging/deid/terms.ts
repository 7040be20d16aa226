/**
 * Identifying terms and the Clean action. Text is compared word by word after folding case and accents, so
 * "Hélène", "HELENE" and "hélène" are the same name whichever character set the file used.
 */

const WORD = /[\p{L}\p{N}]+/gu;

export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();

const words = (s: string): string[] => fold(s).match(WORD) ?? [];

/** A word matches a term word exactly, or contains it when the term is long enough not to hide in common words. */
const matches = (word: string, term: string): boolean =>
  word === term || (term.length >= 4 && word.includes(term));

/** A set of identifying phrases, each a sequence of folded words. */
export class IdentifyingTerms {
  private readonly phrases: string[][] = [];
  private readonly seen = new Set<string>();

  /** Adds a value and, for a person name, each of its components (family, given, middle…). */
  add(value: string | undefined, options: { personName?: boolean } = {}): void {
    if (!value) return;
    const parts = options.personName ? [value, ...value.split(/[\^=]/)] : [value];
    for (const part of parts) {
      const w = words(part);
      // Single letters (initials) and empty parts would erase ordinary words.
      if (w.length === 0 || (w.length === 1 && w[0]!.length < 2)) continue;
      const key = w.join(' ');
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.phrases.push(w);
      if (options.personName)
        for (const single of w)
          if (single.length >= 3 && !this.seen.has(single)) {
            this.seen.add(single);
            this.phrases.push([single]);
          }
    }
  }

  /** A date as DICOM writes it, plus the forms people type into comments. */
  addDate(yyyymmdd: string | undefined): void {
    if (!yyyymmdd || !/^\d{8}$/.test(yyyymmdd)) return;
    const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)];
    for (const form of [yyyymmdd, `${y}-${m}-${d}`, `${d}/${m}/${y}`, `${d}${m}${y}`]) this.add(form);
  }

  get size(): number {
    return this.phrases.length;
  }

  /**
   * Removes every occurrence of every phrase. Returns the cleaned text, or undefined when nothing matched so the
   * caller can keep the original bytes untouched.
   */
  clean(text: string): string | undefined {
    if (this.phrases.length === 0) return undefined;
    // Most text holds no term at all: one substring test per phrase rejects it before tokenising.
    const folded = fold(text);
    if (!this.phrases.some((p) => folded.includes(p[0]!))) return undefined;
    const tokens: { start: number; end: number; word: string }[] = [];
    for (const m of text.matchAll(WORD))
      tokens.push({ start: m.index, end: m.index + m[0].length, word: fold(m[0]) });
    const drop = new Array<boolean>(tokens.length).fill(false);
    let matched = false;
    for (let i = 0; i < tokens.length; i++) {
      for (const phrase of this.phrases) {
        if (i + phrase.length > tokens.length) continue;
        if (phrase.every((w, k) => matches(tokens[i + k]!.word, w))) {
          for (let k = 0; k < phrase.length; k++) drop[i + k] = true;
          matched = true;
        }
      }
    }
    if (!matched) return undefined;
    let out = '';
    let last = 0;
    tokens.forEach((t, i) => {
      if (!drop[i]) return;
      // The separators between two removed words ("Lefèvre-Çaron", "12/03/1958") go with them.
      out += i > 0 && drop[i - 1] ? '' : text.slice(last, t.start);
      last = t.end;
    });
    out += text.slice(last);
    return out
      .replace(/\s{2,}/g, ' ')
      .replace(/\s+([,.;:])/g, '$1')
      .trim();
  }
}
