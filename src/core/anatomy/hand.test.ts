import { describe, expect, it } from 'vitest';
import { HAND_ANATOMY, isAnatomyId, pooledId, sideOf, structureById, structuresOf } from './hand.ts';
import type { StructureKind } from './types.ts';

/** The id scheme of types.ts, side-free part. */
const N = '[1-5]';
const POOLED_ID = new RegExp(
  '^(?:' +
    [
      'DRUJ|RC|MC|CMC1|CMC2-5',
      `MCP${N}|IP1|PIP[2-5]|DIP[2-5]`,
      'bone\\.(?:radius|ulna|scaphoid|lunate|triquetrum|pisiform|trapezium|trapezoid|capitate|hamate)',
      `bone\\.mc${N}\\.(?:base|head)`,
      `bone\\.phalanx\\.(?:proximal\\.${N}|middle\\.[2-5]|distal\\.${N})`,
      `tendon\\.extensor\\.[1-6]|tendon\\.flexor\\.(?:wrist|${N})`,
      'artery\\.(?:radial|ulnar|arch\\.superficial|arch\\.deep)',
      `artery\\.common-digital\\.[1-4]|artery\\.digital\\.${N}\\.(?:radial|ulnar)`,
      `vein\\.digital\\.${N}`,
    ].join('|') +
    ')$',
);

describe('the hand anatomy', () => {
  it('has unique ids, each following the id scheme, with its side, pooled id and both labels', () => {
    const ids = HAND_ANATOMY.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of HAND_ANATOMY) {
      expect(s.id, s.id).toBe(`${s.side}.${s.pooledId}`);
      expect(s.pooledId, s.id).toMatch(POOLED_ID);
      expect(s.label.en, s.id).toMatch(s.side === 'R' ? /^Right \S/ : /^Left \S/);
      expect(s.label.fr, s.id).toMatch(s.side === 'R' ? /\bdroite?s?\b/ : /\bgauches?\b/);
      expect(s.label.fr, s.id).not.toContain('{s}');
    }
  });

  it('holds, per hand, 19 joints, 34 bones, 12 tendon sites, 18 arteries and 5 veins, the same sites on both sides', () => {
    const counts = (side: 'R' | 'L') =>
      Object.fromEntries(
        (['joint', 'bone', 'tendon', 'artery', 'vein'] as StructureKind[]).map((kind) => [
          kind,
          structuresOf({ kind, side }).length,
        ]),
      );
    expect(counts('R')).toEqual({ joint: 19, bone: 34, tendon: 12, artery: 18, vein: 5 });
    expect(counts('L')).toEqual(counts('R'));
    expect(structuresOf({ side: 'L' }).map((s) => s.pooledId)).toEqual(
      structuresOf({ side: 'R' }).map((s) => s.pooledId),
    );
    // Every id the scheme allows is present: 88 distinct pooled ids.
    expect(new Set(HAND_ANATOMY.map((s) => s.pooledId)).size).toBe(88);
  });

  it('marks exactly the RAMRIS sites: 7 synovitis joints, 23 bones, 11 tenosynovitis sites per hand', () => {
    const ramris = (kind: StructureKind) =>
      structuresOf({ kind, side: 'R' })
        .filter((s) => s.ramris)
        .map((s) => s.pooledId);
    expect(ramris('joint')).toEqual(['DRUJ', 'RC', 'MC', 'MCP2', 'MCP3', 'MCP4', 'MCP5']);
    expect(ramris('bone')).toHaveLength(23);
    expect(ramris('bone')).toEqual(
      expect.arrayContaining([
        'bone.radius',
        'bone.ulna',
        'bone.pisiform',
        'bone.mc1.base',
        'bone.phalanx.proximal.2',
      ]),
    );
    expect(ramris('bone')).not.toContain('bone.mc1.head');
    expect(ramris('bone')).not.toContain('bone.phalanx.proximal.1');
    expect(ramris('tendon')).toHaveLength(11);
    expect(ramris('tendon')).not.toContain('tendon.flexor.1');
    expect(ramris('artery')).toEqual([]);
    expect(ramris('vein')).toEqual([]);
  });

  it('gives each digit structure its finger and leaves wrist structures without one', () => {
    expect(structureById('R.DIP5')?.finger).toBe(5);
    expect(structureById('L.IP1')?.finger).toBe(1);
    expect(structureById('L.artery.digital.3.ulnar')?.finger).toBe(3);
    expect(structureById('R.bone.mc4.head')?.finger).toBe(4);
    expect(structureById('R.vein.digital.2')?.finger).toBe(2);
    for (const id of [
      'R.DRUJ',
      'R.CMC2-5',
      'R.bone.lunate',
      'R.tendon.extensor.4',
      'R.artery.common-digital.2',
    ]) {
      expect(structureById(id)?.finger, id).toBeNull();
    }
    for (const s of HAND_ANATOMY) {
      const digit = /(?:CMC|MCP|PIP|DIP|IP|mc|\.)([1-5])(?:\.|$)/.exec(s.pooledId);
      if (s.finger !== null) expect(digit?.[1], s.id).toBe(String(s.finger));
    }
  });

  it('labels structures in English and French with agreed adjectives', () => {
    expect(structureById('R.MCP2')?.label).toEqual({
      en: 'Right MCP 2 joint',
      fr: 'Articulation MCP 2 droite',
    });
    expect(structureById('L.bone.lunate')?.label.fr).toBe('Lunatum gauche (semi-lunaire)');
    expect(structureById('R.bone.radius')?.label.fr).toBe('Radius distal droit');
    expect(structureById('R.artery.digital.3.ulnar')?.label).toEqual({
      en: 'Right proper palmar digital artery, ulnar side, finger 3',
      fr: 'Artère digitale palmaire propre droite, côté ulnaire, 3e doigt',
    });
    expect(structureById('R.vein.digital.4')?.label.fr).toBe('Veines digitales dorsales droites, 4e doigt');
  });

  it('orders each kind from the wrist to the fingertips and from the thumb to the little finger', () => {
    expect(structuresOf({ kind: 'joint', side: 'R' }).map((s) => s.pooledId)).toEqual([
      'DRUJ',
      'RC',
      'MC',
      'CMC1',
      'CMC2-5',
      'MCP1',
      'MCP2',
      'MCP3',
      'MCP4',
      'MCP5',
      'IP1',
      'PIP2',
      'PIP3',
      'PIP4',
      'PIP5',
      'DIP2',
      'DIP3',
      'DIP4',
      'DIP5',
    ]);
    const arteries = structuresOf({ kind: 'artery', side: 'L' }).map((s) => s.pooledId);
    expect(arteries.slice(0, 5)).toEqual([
      'artery.radial',
      'artery.ulnar',
      'artery.arch.deep',
      'artery.arch.superficial',
      'artery.common-digital.1',
    ]);
    expect(arteries.slice(-2)).toEqual(['artery.digital.5.radial', 'artery.digital.5.ulnar']);
    expect(HAND_ANATOMY[0]?.id).toBe('R.DRUJ');
  });

  it('looks structures up by id and refuses unknown ids', () => {
    expect(isAnatomyId('R.MCP2')).toBe(true);
    expect(isAnatomyId('MCP2')).toBe(false);
    expect(isAnatomyId('R.MCP6')).toBe(false);
    expect(isAnatomyId(42)).toBe(false);
    expect(structureById('X.MCP2')).toBeUndefined();
    expect(pooledId('L.artery.digital.3.ulnar')).toBe('artery.digital.3.ulnar');
    expect(sideOf('L.bone.hamate')).toBe('L');
    expect(() => pooledId('R.PIP1')).toThrow(/Unknown hand structure: R\.PIP1/);
    expect(() => sideOf('')).toThrow();
    expect(structuresOf({})).toHaveLength(176);
  });
});
