import type { FieldIssue } from '../errors.ts';

/**
 * Text that can be stored and hashed the same way on every engine. A lone UTF-16 surrogate has no UTF-8 encoding:
 * SQLite and PostgreSQL silently store U+FFFD instead, so anything hashed before storing (the audit chain) would no
 * longer match what is read back. NUL cannot be stored in a PostgreSQL text column at all. Both are refused at the
 * API and CLI boundaries; the audit appender also replaces them, as a last line of defence.
 */

/** What is wrong with a string, or null when it can be stored as it is. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  if (!value.isWellFormed()) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  return null;
}

/** The string as the databases store it: lone surrogates and NUL become U+FFFD. */
export function storableText(value: string): string {
  return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

const MAX_DEPTH = 64;
/** Parsed JSON bodies are bounded in size already; this only guards against a pathological shape. */
const MAX_NODES = 100_000;

/** Only what JSON parsing produces is walked: an upload body (a stream, a Buffer) is bytes, not text fields. */
function isPlainObject(node: object): node is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(node);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Every string (object keys included) in a parsed JSON value that cannot be stored, named by its path
 * (`body.reason`, `body.items.3.value`). Stops at the first ten problems. Every request body goes through here, so
 * the path is spelled out only for a problem: building it for every node took 140 µs on a reading draft's 166
 * findings, a fifth of the save.
 */
export function illFormedText(value: unknown, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const trail: (string | number)[] = [path];
  const report = (message: string) =>
    issues.push({ path: trail.join('.'), code: 'ill_formed_text', message });
  let visited = 0;
  const visit = (node: unknown, depth: number): void => {
    if (issues.length >= 10 || depth > MAX_DEPTH || ++visited > MAX_NODES) return;
    if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) report(problem);
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        trail.push(i);
        visit(node[i], depth + 1);
        trail.pop();
      }
    } else if (node !== null && typeof node === 'object' && isPlainObject(node)) {
      for (const key of Object.keys(node)) {
        const keyProblem = textProblem(key);
        if (keyProblem) {
          report(`a field name ${keyProblem}`);
          continue;
        }
        trail.push(key);
        visit(node[key], depth + 1);
        trail.pop();
      }
    }
  };
  visit(value, 0);
  return issues;
}
