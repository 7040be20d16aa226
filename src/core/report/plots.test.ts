import { spawnSync } from 'node:child_process';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { leydenChangChart, readingTimesChart, sodiumChart } from './charts.ts';
import { lesionHeatmap, viewsOf } from './heatmap.ts';
import type { PlotDocument } from './plot-svg.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const doc = document as unknown as PlotDocument;
const HAS_XMLLINT = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;

function wellFormed(svg: string) {
  const lint = spawnSync('xmllint', ['--noout', '-'], { input: svg, encoding: 'utf8' });
  expect(lint.stderr).toBe('');
}

/** The fill of the shape of a structure in a panel. */
function fillOf(svg: string, id: string): string | undefined {
  const { document: parsed } = parseHTML(`<html><body>${svg}</body></html>`);
  return parsed.querySelector(`[data-structure="${id}"]`)?.getAttribute('fill') ?? undefined;
}

describe('lesion heat maps on the hand diagram', () => {
  const arms = [
    {
      arm: 'ssc' as const,
      sites: new Map([
        ['R.MCP2', { n: 6, N: 6 }],
        ['L.MCP2', { n: 0, N: 6 }],
      ]),
    },
    { arm: 'control' as const, sites: new Map([['R.MCP2', { n: 1, N: 4 }]]) },
  ];

  it('draws one panel per arm in the views holding the sites, coloured by frequency on one scale', () => {
    const map = lesionHeatmap(doc, { arms, lang: 'en', title: (arm) => `Synovitis, ${arm}` });
    expect(map.panels.map((p) => [p.arm, p.view])).toEqual([
      ['ssc', 'dorsal'],
      ['control', 'dorsal'],
    ]);
    const [ssc, control] = map.panels.map((p) => p.svg) as [string, string];
    const full = fillOf(ssc, 'R.MCP2');
    const none = fillOf(ssc, 'L.MCP2');
    const quarter = fillOf(control, 'R.MCP2');
    expect(new Set([full, none, quarter]).size).toBe(3);
    // Sites the abnormality is not scored at stay grey, whatever the arm.
    expect(fillOf(ssc, 'R.bone.lunate')).toBe('#e9ecef');
    expect(fillOf(control, 'L.MCP2')).toBe('#e9ecef');
    expect(ssc).toContain('<title>Right MCP 2 joint: 6/6 (100%)</title>');
    expect(control).toContain('1/4 (25%)');
    expect(map.legend).toContain('Participants with a lesion at the site (%)');
  });

  it('uses both views for tenosynovitis, and writes French labels and percentages', () => {
    expect(viewsOf(['R.tendon.extensor.1', 'R.tendon.flexor.2'])).toEqual(['dorsal', 'palmar']);
    const map = lesionHeatmap(doc, {
      arms: [{ arm: 'ssc', sites: new Map([['L.tendon.flexor.2', { n: 1, N: 3 }]]) }],
      lang: 'fr',
      title: () => 'Ténosynovite',
    });
    expect(map.panels.map((p) => p.view)).toEqual(['palmar']);
    expect(map.panels[0]?.svg).toContain('1/3 (33\u00a0%)');
    expect(map.legend).toContain('Participants ayant une lésion au site (%)');
  });

  it.skipIf(!HAS_XMLLINT)('is well-formed SVG', () => {
    const map = lesionHeatmap(doc, { arms, lang: 'fr', title: () => 'Synovite <R & L>' });
    for (const svg of [...map.panels.map((p) => p.svg), map.legend]) wellFormed(svg);
  });
});

describe('the report charts', () => {
  it('draws the Leyden/Chang types as bars with n/N per arm', () => {
    const svg = leydenChangChart(
      doc,
      [
        { arm: 'ssc', type: 1, n: 8, N: 10 },
        { arm: 'ssc', type: 2, n: 2, N: 10 },
        { arm: 'control', type: 1, n: 6, N: 6 },
      ],
      'fr',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Type de Leyden/Chang');
    for (const label of ['8/10', '2/10', '6/6']) expect(svg).toContain(`>${label}<`);
    expect(svg).toContain('Sclérodermie systémique');
    if (HAS_XMLLINT) wellFormed(svg);
  });

  it('draws sodium as a box per arm with every value as a dot', () => {
    const values = [120, 130, 140, 150].map((value) => ({ arm: 'ssc' as const, value }));
    values.push({ arm: 'control' as never, value: 110 });
    const svg = sodiumChart(doc, values, 'en');
    expect(svg).toContain('Sodium (mmol/L)');
    expect(svg.match(/<circle/g)?.length).toBe(5);
    if (HAS_XMLLINT) wellFormed(svg);
  });

  it('draws the reading times with the 7-day limit', () => {
    const svg = readingTimesChart(
      doc,
      [
        { days: 1, count: 1 },
        { days: 2, count: 2 },
        { days: 9, count: 1 },
      ],
      7,
      'en',
    );
    expect(svg.match(/<rect/g)?.length).toBe(3);
    expect(svg).toContain('7-day limit');
    expect(svg).toContain('Days from MRI to final reading');
    if (HAS_XMLLINT) wellFormed(svg);
  });
});
