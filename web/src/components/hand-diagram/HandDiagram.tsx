import { createElement, type KeyboardEvent, type SVGProps } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DIAGRAM_VIEWBOX,
  HAND_CAPTIONS,
  diagramShapes,
  handCaptionPoint,
  handOutlineShapes,
  handTransform,
  shapePaint,
  type DiagramShape,
  type DiagramView,
} from '../../../../src/core/anatomy/diagram.ts';
import { structureById } from '../../../../src/core/anatomy/hand.ts';
import type { Side } from '../../../../src/core/anatomy/types.ts';
import { toLanguage } from '../../i18n/index.ts';

export interface HandDiagramProps {
  view: DiagramView;
  /** Selecting a structure, by click, Enter or Space. */
  onSelect: (id: string) => void;
  /** A colour per structure id (what is entered, what is abnormal); null keeps the kind's default colour. */
  fill?: (id: string) => string | null;
  /** The structure whose fields have the focus in the form: outlined. */
  focusedId?: string | null;
  /** The accessible name of the whole diagram. */
  title?: string;
}

// Drawing order, left hand first (the core's SIDES lists the right hand first, the reading order).
const DRAWING_ORDER: readonly Side[] = ['L', 'R'];
const FOCUS_COLOUR = '#e8590c';

/** `stroke-width` → `strokeWidth`: React's names for SVG presentation attributes. */
function reactProps(attributes: Readonly<Record<string, string>>): SVGProps<SVGElement> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name.startsWith('data-') ? name : name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}

function selectOnKey(event: KeyboardEvent, id: string, onSelect: (id: string) => void) {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  onSelect(id);
}

/** The schematic hands of the reading workstation: every structure is a button that selects it. */
export function HandDiagram({ view, onSelect, fill, focusedId = null, title }: HandDiagramProps) {
  const { i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  const shapes = diagramShapes(view);
  const outline = handOutlineShapes();
  const focused = shapes.find((s) => s.id === focusedId);

  const structure = (shape: DiagramShape) =>
    createElement(shape.element, {
      key: shape.id,
      ...reactProps({ ...shape.attributes, ...shapePaint(shape, fill?.(shape.id) ?? null) }),
      id: `${view}.${shape.id}`,
      'data-structure': shape.id,
      role: 'button',
      tabIndex: 0,
      'aria-label': structureById(shape.id)?.label[language] ?? shape.id,
      'aria-current': shape.id === focusedId ? 'true' : undefined,
      style: { cursor: 'pointer' },
      onClick: () => onSelect(shape.id),
      onKeyDown: (event: KeyboardEvent) => selectOnKey(event, shape.id, onSelect),
    });

  /** The focused structure drawn again on top, as an outline that lets clicks through. */
  const focusRing = (shape: DiagramShape) =>
    createElement(shape.element, {
      ...reactProps(shape.attributes),
      fill: 'none',
      stroke: FOCUS_COLOUR,
      strokeWidth: shape.element === 'polyline' ? 6 : 2.5,
      strokeOpacity: shape.element === 'polyline' ? 0.6 : 1,
      strokeLinecap: 'round',
      strokeLinejoin: 'round',
      pointerEvents: 'none',
      'aria-hidden': true,
    });

  return (
    <svg
      viewBox={`0 0 ${DIAGRAM_VIEWBOX.width} ${DIAGRAM_VIEWBOX.height}`}
      width="100%"
      role="group"
      aria-label={title}
      data-view={view}
    >
      {DRAWING_ORDER.map((side) => {
        const caption = handCaptionPoint(side);
        return (
          <g key={side}>
            <g transform={handTransform(view, side)} data-side={side}>
              {outline.map((shape, i) =>
                createElement(shape.element, { key: i, ...reactProps(shape.attributes) }),
              )}
              {shapes.filter((s) => s.side === side).map(structure)}
              {focused?.side === side && focusRing(focused)}
            </g>
            <text x={caption.x} y={caption.y} textAnchor="middle" fontSize={15} fill="currentColor">
              {HAND_CAPTIONS[view][side][language]}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
