import { describe, expect, it } from 'vitest';
import { HAND_ANATOMY } from '../../../../src/core/anatomy/hand.ts';
import { findingKey, requiredFields, type Finding } from '../../../../src/core/reading/findings.ts';
import { readingItem } from '../../../../src/core/reading/items.ts';
import { appliesAt, resolveSite } from '../../../../src/core/reading/sites.ts';
import {
  DIAGRAM_FILL,
  fieldIssueText,
  fieldOptions,
  firstFieldOf,
  formGroups,
  siteOrder,
  structureFill,
  valueMap,
} from './form-model.ts';

const SERIES = ['1.2.3.4'];
const site = (id: string) => {
  const found = resolveSite(id);
  if (!found) throw new Error(id);
  return found;
};

describe('reading form layout', () => {
  const groups = formGroups('both', SERIES);

  it('groups by kind of site then hand, right before left, series last', () => {
    expect(groups.map((g) => g.id)).toEqual([
      'joint:R',
      'joint:L',
      'bone:R',
      'bone:L',
      'tendon:R',
      'tendon:L',
      'artery:R',
      'artery:L',
      'vein:R',
      'vein:L',
      'hand:R',
      'hand:L',
      'calcinosis_region:R',
      'calcinosis_region:L',
      'series',
    ]);
    expect(formGroups('left', []).map((g) => g.id)).not.toContain('joint:R');
  });

  it('lists the rows in HAND_ANATOMY order, so the tab order follows the anatomy', () => {
    const joints = groups.find((g) => g.id === 'joint:L');
    expect(joints?.sites.map((s) => s.id)).toEqual(
      HAND_ANATOMY.filter((s) => s.side === 'L' && s.kind === 'joint').map((s) => s.id),
    );
    expect(joints?.items.map((i) => i.id)).toEqual(['synovitis', 'effusion']);
  });

  it('places every field a complete reading needs in exactly one cell', () => {
    const cells = groups.flatMap((g) =>
      g.sites.flatMap((s) => g.items.filter((i) => appliesAt(i, s)).map((i) => findingKey(s.id, i.id))),
    );
    expect(new Set(cells).size).toBe(cells.length);
    const required = requiredFields({ findings: [], comments: '' }, { hands: 'both', seriesUids: SERIES });
    expect(new Set(cells)).toEqual(new Set(required.map((f) => findingKey(f.site, f.item))));
  });

  it('goes from a structure to its first field the form asks for', () => {
    const required = new Set(
      requiredFields({ findings: [], comments: '' }, { hands: 'both', seriesUids: SERIES }).map((f) =>
        findingKey(f.site, f.item),
      ),
    );
    expect(firstFieldOf(groups, 'R.MCP2', required)).toBe('synovitis');
    expect(firstFieldOf(groups, 'L.bone.phalanx.distal.3', required)).toBe('erosion');
    expect(firstFieldOf(groups, 'R.artery.digital.2.ulnar', required)).toBe('artery_status');
    expect(firstFieldOf(groups, 'R.nowhere', required)).toBeNull();
    expect(siteOrder(groups).indexOf('R.DRUJ')).toBe(0);
  });
});

describe('diagram colours', () => {
  const fill = (findings: Finding[]) => structureFill(site('R.MCP2'), valueMap(findings));
  it('is white while a field is empty, grey when all are normal, orange then red by grade', () => {
    expect(fill([])).toBe(DIAGRAM_FILL.empty);
    expect(fill([{ site: 'R.MCP2', item: 'synovitis', value: 0 }])).toBe(DIAGRAM_FILL.empty);
    const effusion: Finding = { site: 'R.MCP2', item: 'effusion', value: 0 };
    expect(fill([{ site: 'R.MCP2', item: 'synovitis', value: 0 }, effusion])).toBe(DIAGRAM_FILL.entered);
    expect(fill([{ site: 'R.MCP2', item: 'synovitis', value: 1 }])).toBe(DIAGRAM_FILL.mild);
    expect(
      fill([
        { site: 'R.MCP2', item: 'synovitis', value: 1 },
        { ...effusion, value: 3 },
      ]),
    ).toBe(DIAGRAM_FILL.severe);
  });
});

describe('field options', () => {
  it('offers one option per grade, digits selecting by position, and a number input for wide scales', () => {
    expect(fieldOptions(readingItem('erosion'), site('R.bone.lunate'))?.map((o) => o.value)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(fieldOptions(readingItem('avascular_areas'), site('R.hand'))).toBeNull();
    expect(fieldOptions(readingItem('calcinosis'), site('R.region.palm'))?.map((o) => o.value)).toEqual([
      false,
      true,
    ]);
    expect(
      fieldOptions(readingItem('artery_reach'), site('R.artery.digital.1.radial'))?.map((o) => o.value),
    ).toEqual(['proximal', 'distal']);
  });

  it('names a field issue by item and site, or keeps the server message', () => {
    expect(fieldIssueText({ path: 'missing.synovitis@R.MCP2', message: 'x' }, 'fr')).toBe(
      'Synovite — ' + site('R.MCP2').label.fr,
    );
    expect(fieldIssueText({ path: 'findings.3', message: 'must be from 0 to 3' }, 'en')).toBe(
      'must be from 0 to 3',
    );
  });
});
