import { createElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { diagramShapes } from '../../../../src/core/anatomy/diagram.ts';

// The app's i18n module needs a browser; the diagram only needs the current language from it.
const language = vi.hoisted(() => ({ current: 'fr' }));
vi.mock('react-i18next', () => ({ useTranslation: () => ({ i18n: { language: language.current } }) }));
vi.mock('../../i18n/index.ts', () => ({
  toLanguage: (value: string) => (value.startsWith('fr') ? 'fr' : 'en'),
}));

const { HandDiagram } = await import('./HandDiagram.tsx');

type Props = Record<string, unknown> & { children?: ReactNode };

/** Every element of a rendered tree (the component has no hooks but the mocked translation). */
function elements(node: ReactNode): ReactElement<Props>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!isValidElement<Props>(node)) return [];
  return [node, ...elements(node.props.children)];
}

describe('HandDiagram', () => {
  it('renders every structure of the view as a focusable button named in the current language', () => {
    language.current = 'fr';
    const html = renderToStaticMarkup(createElement(HandDiagram, { view: 'dorsal', onSelect: () => {} }));
    for (const shape of diagramShapes('dorsal')) {
      expect(html).toContain(
        `id="dorsal.${shape.id}" data-structure="${shape.id}" role="button" tabindex="0"`,
      );
    }
    expect(html).toMatch(/data-structure="R\.MCP2"[^>]*aria-label="Articulation MCP 2 droite"/);
    expect(html).toContain('Main gauche, face dorsale');
    language.current = 'en';
    const english = renderToStaticMarkup(createElement(HandDiagram, { view: 'palmar', onSelect: () => {} }));
    expect(english).toMatch(/data-structure="L\.artery\.ulnar"[^>]*aria-label="Left ulnar artery"/);
  });

  it('paints the structures it is given a colour for and outlines the focused one', () => {
    const html = renderToStaticMarkup(
      createElement(HandDiagram, {
        view: 'dorsal',
        onSelect: () => {},
        fill: (id) => (id === 'L.PIP3' ? '#c92a2a' : null),
        focusedId: 'R.bone.lunate',
      }),
    );
    expect(html.match(/#c92a2a/g)).toHaveLength(1);
    expect(html).toMatch(/<ellipse[^>]* fill="#c92a2a"[^>]* data-structure="L\.PIP3"/);
    expect(html).toMatch(/data-structure="R\.bone\.lunate"[^>]*aria-current="true"/);
    expect(html.match(/aria-current/g)).toHaveLength(1);
    expect(html.match(/stroke="#e8590c"/g)).toHaveLength(1);
  });

  it('selects a structure by click, Enter or Space, and ignores other keys', () => {
    const onSelect = vi.fn();
    const tree = HandDiagram({ view: 'palmar', onSelect });
    const target = elements(tree).find((e) => e.props['data-structure'] === 'R.artery.digital.3.ulnar');
    if (!target) throw new Error('R.artery.digital.3.ulnar is not rendered');
    const press = (key: string) => {
      const event = { key, preventDefault: vi.fn() };
      (target.props.onKeyDown as (e: typeof event) => void)(event);
      return event.preventDefault.mock.calls.length;
    };
    expect(press('Enter')).toBe(1);
    expect(press(' ')).toBe(1);
    expect(press('a')).toBe(0);
    (target.props.onClick as () => void)();
    expect(onSelect.mock.calls).toEqual([
      ['R.artery.digital.3.ulnar'],
      ['R.artery.digital.3.ulnar'],
      ['R.artery.digital.3.ulnar'],
    ]);
  });
});
