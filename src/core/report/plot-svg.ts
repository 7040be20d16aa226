/**
 * Observable Plot charts as SVG strings, so that one chart definition serves the web page (the browser's document)
 * and the report rendered in Node (a linkedom document). Plot builds DOM nodes in the document it is given; the
 * string is that node's markup, with the SVG namespace declared so that it also stands alone as an .svg file.
 */
import * as Plot from '@observablehq/plot';

/** The document Plot draws into: `window.document` in the browser, linkedom's in Node. */
export type PlotDocument = NonNullable<Plot.PlotOptions['document']>;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Plot's element, typed by what is read from it (the Node build has no DOM types). */
interface RenderedElement {
  outerHTML: string;
  setAttribute(name: string, value: string): void;
  tagName: string;
}

/**
 * The chart's markup. Its text alternative is the figure around it (a caption, or the page's labelled image), so
 * the drawing itself is hidden from assistive technology: Plot labels each mark's group ("bar", "rule"), which
 * screen readers would read out as noise and accessibility checkers reject on elements without a role.
 */
function markup(element: RenderedElement): string {
  if (element.tagName.toLowerCase() === 'svg') element.setAttribute('xmlns', SVG_NS);
  element.setAttribute('aria-hidden', 'true');
  return element.outerHTML;
}

/** A chart as SVG markup; `ariaLabel` names it for screen readers. */
export function plotSvg(document: PlotDocument, options: Plot.PlotOptions & { ariaLabel: string }): string {
  const element: RenderedElement = Plot.plot({ ...options, document });
  return markup(element);
}

/** A colour legend on its own, as SVG markup. */
export function legendSvg(document: PlotDocument, color: Plot.ScaleOptions, label: string): string {
  // Plot.legend reads `document` like Plot.plot does (its context.js), though its type does not declare it.
  const options: Plot.LegendScales & { document: PlotDocument } = { color: { ...color, label }, document };
  const element: RenderedElement = Plot.legend(options);
  return markup(element);
}
