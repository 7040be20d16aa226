/**
 * The hand diagram as a standalone SVG document, without a DOM: for reports drawn in Node (heat maps of lesion
 * frequencies) and for checking the drawing. The web app renders the same shapes as React elements.
 */
import type { LocalizedText } from '../study/protocol.ts';
import {
  DIAGRAM_VIEWBOX,
  HAND_CAPTIONS,
  diagramShapes,
  handCaptionPoint,
  handOutlineShapes,
  shapePaint,
  handTransform,
  type DiagramShape,
  type DiagramView,
} from './diagram.ts';
import { structureById } from './hand.ts';
import type { Side } from './types.ts';

export interface HandDiagramSvgOptions {
  view: DiagramView;
  lang: keyof LocalizedText;
  /** A colour per structure id; null (or no function) keeps the kind's default colour. */
  fill?: (id: string) => string | null;
  /** The document's title; defaults to nothing. */
  title?: string;
  /** Text added to a structure's tooltip after its label (a heat map's value), so colour is not the only signal. */
  describe?: (id: string) => string | null;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const attributes = (attrs: Readonly<Record<string, string>>) =>
  Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');

function renderShape(shape: DiagramShape, options: HandDiagramSvgOptions): string {
  const name = structureById(shape.id)?.label[options.lang] ?? shape.id;
  const detail = options.describe?.(shape.id) ?? null;
  const label = detail === null ? name : `${name}: ${detail}`;
  const attrs = {
    id: `${shape.view}.${shape.id}`,
    'data-structure': shape.id,
    ...shape.attributes,
    ...shapePaint(shape, options.fill?.(shape.id) ?? null),
  };
  return `<${shape.element}${attributes(attrs)}><title>${escapeXml(label)}</title></${shape.element}>`;
}

const renderOutline = () =>
  handOutlineShapes()
    .map((shape) => `<${shape.element}${attributes(shape.attributes)}/>`)
    .join('');

export function renderHandDiagramSvg(options: HandDiagramSvgOptions): string {
  const { view, lang } = options;
  const { width, height } = DIAGRAM_VIEWBOX;
  const shapes = diagramShapes(view);
  const hands = (['L', 'R'] as Side[]).map((side) => {
    const caption = handCaptionPoint(side);
    return [
      `<g transform="${handTransform(view, side)}" data-side="${side}">`,
      renderOutline(),
      ...shapes.filter((s) => s.side === side).map((s) => renderShape(s, options)),
      '</g>',
      `<text x="${caption.x}" y="${caption.y}" text-anchor="middle" font-family="sans-serif" font-size="15">`,
      escapeXml(HAND_CAPTIONS[view][side][lang]),
      '</text>',
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"`,
    ` lang="${lang}">`,
    options.title === undefined ? '' : `<title>${escapeXml(options.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...hands,
    '</svg>\n',
  ].join('');
}
