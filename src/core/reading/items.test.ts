import { describe, expect, it } from 'vitest';
import { READING_ITEMS, readingItem } from './items.ts';
import { isAbnormal, itemCategories, severityRank } from './scale.ts';
import { sitesOf } from './sites.ts';

describe('reading items', () => {
  it('are the form contract, in form order', () => {
    expect(READING_ITEMS.map((i) => i.id)).toEqual([
      'synovitis',
      'effusion',
      'erosion',
      'bone_oedema',
      'tenosynovitis',
      'acro_osteolysis',
      'calcinosis',
      'flexor_thickening',
      'artery_status',
      'artery_reach',
      'radial_patency',
      'ulnar_patency',
      'superficial_arch_patency',
      'deep_arch_patency',
      'avascular_areas',
      'venous_return',
      'image_quality',
    ]);
  });

  it('each has both labels, a citation, and a normal value that is not a finding', () => {
    for (const item of READING_ITEMS) {
      expect(item.label.en && item.label.fr, item.id).toBeTruthy();
      expect(item.citation.length, item.id).toBeGreaterThan(20);
      expect(isAbnormal(item, item.scale.normal), item.id).toBe(false);
      expect(severityRank(item, item.scale.normal), item.id).toBe(0);
    }
  });

  it('marks the five lesion types of the primary outcome as primary', () => {
    expect(READING_ITEMS.filter((i) => i.primary).map((i) => i.id)).toEqual([
      'synovitis',
      'effusion',
      'erosion',
      'bone_oedema',
      'tenosynovitis',
    ]);
  });

  it('applies each item at the sites the brief names, per hand', () => {
    const count = (id: Parameters<typeof readingItem>[0]) => sitesOf(readingItem(id), ['R']).length;
    expect(count('synovitis')).toBe(19);
    expect(count('erosion')).toBe(34);
    expect(count('tenosynovitis')).toBe(12);
    expect(count('acro_osteolysis')).toBe(5);
    expect(count('calcinosis')).toBe(7);
    expect(count('flexor_thickening')).toBe(6);
    expect(count('artery_status')).toBe(10);
    expect(count('radial_patency')).toBe(1);
    expect(count('avascular_areas')).toBe(1);
    expect(count('venous_return')).toBe(5);
    expect(sitesOf(readingItem('image_quality'), ['R', 'L'], ['1.2.3', '1.2.4']).map((s) => s.id)).toEqual([
      'series:1.2.3',
      'series:1.2.4',
    ]);
  });

  it('calls a lesion at grade 1 or more, a present finding, an artery that is not normal, no venous return', () => {
    expect(isAbnormal(readingItem('erosion'), 0)).toBe(false);
    expect(isAbnormal(readingItem('erosion'), 1)).toBe(true);
    expect(isAbnormal(readingItem('calcinosis'), true)).toBe(true);
    expect(isAbnormal(readingItem('artery_status'), 'thin')).toBe(true);
    expect(isAbnormal(readingItem('artery_status'), 'not_visible')).toBe(true);
    expect(isAbnormal(readingItem('ulnar_patency'), 'occluded')).toBe(true);
    expect(isAbnormal(readingItem('venous_return'), false)).toBe(true);
    expect(isAbnormal(readingItem('venous_return'), true)).toBe(false);
  });

  it('gives weighted kappa the whole scale in order', () => {
    expect(itemCategories(readingItem('erosion'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(itemCategories(readingItem('artery_reach'))).toEqual(['proximal', 'middle', 'distal']);
    expect(itemCategories(readingItem('venous_return'))).toEqual(['true', 'false']);
  });
});
