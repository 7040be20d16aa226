import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGRAM_VIEWS, diagramShapes } from './diagram.ts';
import { renderHandDiagramSvg } from './svg.ts';

const HAS_XMLLINT = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;

describe('the hand diagram as an SVG document', () => {
  it.skipIf(!HAS_XMLLINT)('is well-formed XML in both views and languages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hand-svg-'));
    try {
      for (const view of DIAGRAM_VIEWS) {
        for (const lang of ['en', 'fr'] as const) {
          const file = join(dir, `${view}-${lang}.svg`);
          writeFileSync(file, renderHandDiagramSvg({ view, lang, title: 'Erosions <R & L> "pooled"' }));
          const lint = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
          expect(lint.stderr, file).toBe('');
          expect(lint.status, file).toBe(0);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is a standalone SVG holding every shape with its id, structure and label in the language asked', () => {
    const svg = renderHandDiagramSvg({ view: 'dorsal', lang: 'fr', title: 'Érosions' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 640 540"/);
    expect(svg).toContain('<title>Érosions</title>');
    for (const shape of diagramShapes('dorsal')) {
      expect(svg).toContain(`id="dorsal.${shape.id}" data-structure="${shape.id}"`);
    }
    expect(svg).toMatch(/data-structure="R\.MCP2"[^>]*><title>Articulation MCP 2 droite<\/title>/);
    expect(svg).toContain('Main gauche, face dorsale');
    expect(svg).not.toContain('R.artery');
  });

  it('paints the structures the caller colours, filling shapes and stroking vessels', () => {
    const fill = (id: string) =>
      id === 'L.bone.lunate' || id === 'R.artery.digital.3.ulnar' ? '#ff0000' : null;
    const dorsal = renderHandDiagramSvg({ view: 'dorsal', lang: 'en', fill });
    const palmar = renderHandDiagramSvg({ view: 'palmar', lang: 'en', fill });
    expect(dorsal).toMatch(/data-structure="L\.bone\.lunate"[^>]* fill="#ff0000"/);
    expect(dorsal).not.toMatch(/data-structure="R\.bone\.lunate"[^>]* fill="#ff0000"/);
    expect(palmar).toMatch(/data-structure="R\.artery\.digital\.3\.ulnar"[^>]* fill="none" stroke="#ff0000"/);
    expect(dorsal.match(/#ff0000/g)).toHaveLength(1);
  });
});
