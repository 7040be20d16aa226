import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The web imports the domain rules from src/core (by relative path) instead of restating them: a copy drifts, as
 * the username rule and the reading-overdue rule once did. This guard fails when a module of web/src declares, at
 * its top level, a value or a type under the name of something src/core exports.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Declaration {
  name: string;
  exported: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repo, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(test|d)\.tsx?$/.test(f))
    .map((f) => join(dir, f));
}

/** Top-level declarations of a module; imports and re-exports of imports declare nothing, so they are not listed. */
function topLevelDeclarations(fileName: string, text: string): Declaration[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found: Declaration[] = [];
  // `export { local }` exports a declaration made without the keyword.
  const exportedLater = new Set<string>();
  for (const statement of source.statements) {
    const exported =
      ts.canHaveModifiers(statement) &&
      (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name)) found.push({ name: d.name.text, exported });
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)) &&
      statement.name
    ) {
      found.push({ name: statement.name.text, exported });
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const e of statement.exportClause.elements) exportedLater.add((e.propertyName ?? e.name).text);
    }
  }
  return found.map((d) => ({ name: d.name, exported: d.exported || exportedLater.has(d.name) }));
}

function declarationsOf(path: string): Declaration[] {
  return topLevelDeclarations(path, readFileSync(join(repo, path), 'utf8'));
}

/** Each name src/core exports, with the module that exports it. */
function coreExports(): Map<string, string> {
  const exports = new Map<string, string>();
  for (const path of sourceFiles('src/core'))
    for (const d of declarationsOf(path)) if (d.exported) exports.set(d.name, path);
  return exports;
}

function redefinitions(path: string, declarations: readonly Declaration[], core: Map<string, string>) {
  return declarations
    .filter((d) => core.has(d.name))
    .map((d) => `${path} declares ${d.name}, which ${core.get(d.name)} exports: import it instead`);
}

describe('web/src does not redefine src/core', () => {
  const core = coreExports();

  it('sees the exports of src/core', () => {
    expect(core.get('editNeedsReason')).toBe('src/core/forms/lifecycle.ts');
    expect(core.get('MIN_PASSWORD_LENGTH')).toBe('src/core/security/account-rules.ts');
    expect(core.get('ExamStatus')).toBe('src/core/study/records.ts');
  });

  it('flags copies of core values, exported or not, and lets imports and re-exports through', () => {
    const copy = topLevelDeclarations(
      'web/src/pages/Copy.tsx',
      `import { isArm } from '../../../src/core/study/protocol.ts';
       export type { Arm } from '../../../src/core/study/protocol.ts';
       const MIN_PASSWORD_LENGTH = 12;
       function isReadingOverdue() { return isArm('ssc'); }
       export { isReadingOverdue };`,
    );
    expect(redefinitions('web/src/pages/Copy.tsx', copy, core)).toEqual([
      'web/src/pages/Copy.tsx declares MIN_PASSWORD_LENGTH, which src/core/security/account-rules.ts exports: import it instead',
      'web/src/pages/Copy.tsx declares isReadingOverdue, which src/core/study/reading-deadline.ts exports: import it instead',
    ]);
  });

  it('finds no redefinition in web/src', () => {
    const files = sourceFiles('web/src');
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((path) => redefinitions(path, declarationsOf(path), core))).toEqual([]);
  });
});
