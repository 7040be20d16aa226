import { describe, expect, it } from 'vitest';
import { DIAGRAM_VIEWBOX, DIAGRAM_VIEWS, diagramShapes, handTransform, type DiagramView } from './diagram.ts';
import { HAND_ANATOMY, isAnatomyId } from './hand.ts';

const NUMERIC: Record<string, readonly string[]> = {
  ellipse: ['cx', 'cy', 'rx', 'ry'],
  rect: ['x', 'y', 'width', 'height'],
  path: [],
  polyline: [],
};

const labelX = (view: DiagramView, id: string) => {
  const shape = diagramShapes(view).find((s) => s.id === id);
  if (!shape) throw new Error(`${id} is not drawn in the ${view} view`);
  return shape.labelPoint.x;
};

describe('the hand diagram', () => {
  it('draws every structure of both hands, each in exactly one view', () => {
    const drawn = DIAGRAM_VIEWS.flatMap((view) => diagramShapes(view).map((s) => s.id));
    expect([...drawn].sort()).toEqual(HAND_ANATOMY.map((s) => s.id).sort());
  });

  it('draws only known structures, with finite coordinates, inside the view box, on their own side', () => {
    for (const view of DIAGRAM_VIEWS) {
      for (const shape of diagramShapes(view)) {
        expect(isAnatomyId(shape.id), shape.id).toBe(true);
        expect(shape.view).toBe(view);
        const text = Object.values(shape.attributes).join(' ');
        expect(text, shape.id).not.toMatch(/NaN|undefined|Infinity/);
        for (const name of NUMERIC[shape.element] ?? []) {
          expect(Number.isFinite(Number(shape.attributes[name])), `${shape.id} ${name}`).toBe(true);
        }
        if (shape.element === 'path') expect(shape.attributes.d, shape.id).toMatch(/^M[\d.,\s\-LQAZ]+$/);
        if (shape.element === 'polyline')
          expect(shape.attributes.points, shape.id).toMatch(/^-?[\d.]+,-?[\d.]+( |$)/);
        const { x, y } = shape.labelPoint;
        const half = DIAGRAM_VIEWBOX.width / 2;
        expect(x, shape.id).toBeGreaterThan(shape.side === 'L' ? 0 : half);
        expect(x, shape.id).toBeLessThan(shape.side === 'L' ? half : DIAGRAM_VIEWBOX.width);
        expect(y, shape.id).toBeGreaterThan(0);
        expect(y, shape.id).toBeLessThan(DIAGRAM_VIEWBOX.height);
      }
    }
  });

  it('puts bones, joints, extensor compartments and veins on the dorsal view, flexors and arteries on the palmar', () => {
    const kinds = (view: DiagramView) =>
      new Set(diagramShapes(view).map((s) => `${s.kind}:${s.id.includes('flexor')}`));
    expect(kinds('dorsal')).toEqual(new Set(['bone:false', 'joint:false', 'tendon:false', 'vein:false']));
    expect(kinds('palmar')).toEqual(new Set(['tendon:true', 'artery:false']));
  });

  it('shows the hands as the reader sees their own: thumbs inward on the backs, outward on the palms', () => {
    // Dorsal view, palms down: the thumbs point at each other.
    expect(labelX('dorsal', 'R.MCP1')).toBeLessThan(labelX('dorsal', 'R.MCP5'));
    expect(labelX('dorsal', 'L.MCP1')).toBeGreaterThan(labelX('dorsal', 'L.MCP5'));
    expect(labelX('dorsal', 'R.bone.radius')).toBeLessThan(labelX('dorsal', 'R.bone.ulna'));
    // Palmar view, palms up: the thumbs point outwards, the radial artery on the thumb's side.
    expect(labelX('palmar', 'R.artery.digital.1.radial')).toBeGreaterThan(
      labelX('palmar', 'R.artery.digital.5.ulnar'),
    );
    expect(labelX('palmar', 'L.artery.radial')).toBeLessThan(labelX('palmar', 'L.artery.ulnar'));
    expect(labelX('palmar', 'R.artery.radial')).toBeGreaterThan(labelX('palmar', 'R.artery.ulnar'));
    expect(handTransform('dorsal', 'R')).toMatch(/scale\(1 1\)$/);
    expect(handTransform('dorsal', 'L')).toMatch(/scale\(-1 1\)$/);
    expect(handTransform('palmar', 'R')).toMatch(/scale\(-1 1\)$/);
  });

  it('orders each finger from the wrist to the tip and the radial digital artery on the thumb side', () => {
    const y = (id: string) => diagramShapes('dorsal').find((s) => s.id === id)?.labelPoint.y ?? NaN;
    for (const side of ['R', 'L']) {
      const chain = ['bone.mc3.base', 'bone.mc3.head', 'MCP3', 'bone.phalanx.proximal.3', 'PIP3', 'DIP3'];
      const ys = chain.map((id) => y(`${side}.${id}`));
      expect(ys, side).toEqual([...ys].sort((a, b) => b - a));
    }
    // Palmar view: the left thumb is on the left, the right thumb on the right.
    expect(labelX('palmar', 'L.artery.digital.3.radial')).toBeLessThan(
      labelX('palmar', 'L.artery.digital.3.ulnar'),
    );
    expect(labelX('palmar', 'R.artery.digital.3.radial')).toBeGreaterThan(
      labelX('palmar', 'R.artery.digital.3.ulnar'),
    );
  });
});
