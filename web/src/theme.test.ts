import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  createAppTheme,
  cssVariablesResolver,
  DIMMED_TEXT,
  MIN_TEXT_CONTRAST,
  PLACEHOLDER_TEXT,
  readableAgainst,
  textBackgrounds,
} from './theme.ts';

const theme = mergeMantineTheme(DEFAULT_THEME, createAppTheme('Close'));
const light = cssVariablesResolver(theme).light;
const shade = (color: string, index: number) => theme.colors[color]![index]!;
/** The colour a light-scheme variable ends up with: the app's value, or Mantine's default (a palette shade). */
const effective = (color: string, role: 'light-color' | 'filled' | 'outline') =>
  light[`--mantine-color-${color}-${role}`] ?? shade(color, role === 'light-color' ? 9 : 7);
const ratio = (a: string, b: string) => Math.round(contrastRatio(a, b) * 100) / 100;

describe('theme colours', () => {
  it('computes WCAG 2 contrast ratios', () => {
    expect(ratio('#000000', '#ffffff')).toBe(21);
    expect(ratio('#ffffff', '#000000')).toBe(21);
    expect(ratio('#777777', '#777777')).toBe(1);
    // Mantine's defaults, as axe-core measured them in the browser.
    expect(ratio('#868e96', '#ffffff')).toBe(3.32);
    expect(ratio('#087f5b', '#c3fae8')).toBe(4.33);
  });

  it('darkens a colour only as far as it must to be readable', () => {
    expect(readableAgainst('#364fc7', '#ffffff')).toBe('#364fc7');
    const teal = readableAgainst('#087f5b', '#96f2d7');
    expect(contrastRatio(teal, '#96f2d7')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastRatio(teal, '#96f2d7')).toBeLessThan(MIN_TEXT_CONTRAST + 1);
  });

  it('gives dimmed text and placeholders 4.5:1 on the light backgrounds of the app', () => {
    const backgrounds = [
      theme.white,
      shade('gray', 0),
      shade('gray', 1),
      shade('gray', 2),
      shade('indigo', 0),
    ];
    expect(light['--mantine-color-dimmed']).toBe(DIMMED_TEXT);
    expect(backgrounds.map((background) => ratio(DIMMED_TEXT, background))).toEqual([
      6.09, 5.78, 5.48, 5.14, 5.44,
    ]);
    expect(ratio(DIMMED_TEXT, shade('indigo', 1))).toBe(4.8);
    expect(light['--mantine-color-placeholder']).toBe(PLACEHOLDER_TEXT);
    expect(ratio(PLACEHOLDER_TEXT, theme.white)).toBe(4.69);
  });

  it('makes every light variant readable, hovered or not, and every filled variant carry white text', () => {
    for (const color of Object.keys(theme.colors)) {
      const text = effective(color, 'light-color');
      expect(contrastRatio(text, shade(color, 1)), `${color} light`).toBeGreaterThanOrEqual(
        MIN_TEXT_CONTRAST,
      );
      expect(contrastRatio(text, shade(color, 2)), `${color} light hovered`).toBeGreaterThanOrEqual(
        MIN_TEXT_CONTRAST,
      );
      const filled = effective(color, 'filled');
      expect(contrastRatio(theme.white, filled), `${color} filled`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      expect(effective(color, 'outline')).toBe(filled);
    }
    // The light badges of the study statuses, as they were and as they are.
    expect(ratio(shade('teal', 9), shade('teal', 1))).toBe(4.33);
    expect(ratio(effective('teal', 'light-color'), shade('teal', 1))).toBe(5.13);
    expect(ratio(shade('green', 9), shade('green', 1))).toBe(3.81);
    expect(ratio(effective('green', 'light-color'), shade('green', 1))).toBe(5.48);
    expect(ratio(theme.white, shade('red', 7))).toBe(3.84);
    expect(ratio(theme.white, effective('red', 'filled'))).toBe(4.62);
  });

  it('gives text in a palette colour 4.5:1 on every light surface, a focused eCRF item among them', () => {
    for (const color of Object.keys(theme.colors)) {
      const text = light[`--mantine-color-${color}-text`] ?? shade(color, 7);
      for (const background of textBackgrounds(theme)) {
        expect(contrastRatio(text, background), `${color} on ${background}`).toBeGreaterThanOrEqual(
          MIN_TEXT_CONTRAST,
        );
      }
    }
    // The fixed shades the pages used, as axe-core measured them, and the colours that replace them.
    expect(ratio(shade('red', 8), shade('indigo', 0))).toBe(4.03);
    expect(ratio(shade('orange', 9), theme.white)).toBe(4.3);
    expect(ratio(shade('yellow', 9), theme.white)).toBe(3);
    const red = light['--mantine-color-red-text']!;
    expect([ratio(red, theme.white), ratio(red, shade('indigo', 0))]).toEqual([5.09, 4.54]);
    const orange = light['--mantine-color-orange-text']!;
    expect([ratio(orange, theme.white), ratio(orange, shade('indigo', 0))]).toEqual([5.09, 4.54]);
    const yellow = light['--mantine-color-yellow-text']!;
    expect([ratio(yellow, theme.white), ratio(yellow, shade('indigo', 0))]).toEqual([5.42, 4.83]);
  });

  it('draws invalid inputs and their messages in the readable red', () => {
    const error = light['--mantine-color-error']!;
    expect(ratio(shade('red', 6), theme.white)).toBe(3.28);
    expect(error).toBe(light['--mantine-color-red-text']);
    expect([ratio(error, theme.white), ratio(error, shade('indigo', 0))]).toEqual([5.09, 4.54]);
  });

  it('leaves the colours that already pass as Mantine made them, the indigo accent among them', () => {
    expect(light['--mantine-color-indigo-filled']).toBeUndefined();
    expect(light['--mantine-color-gray-light-color']).toBeUndefined();
    expect(light['--mantine-color-gray-filled']).toBeUndefined();
  });

  it('names the close buttons of dialogs and notifications', () => {
    const named = createAppTheme('Fermer').components;
    expect(named?.['Modal']?.defaultProps).toEqual({ closeButtonProps: { 'aria-label': 'Fermer' } });
    expect(named?.['Notification']?.defaultProps).toEqual({ closeButtonProps: { 'aria-label': 'Fermer' } });
  });
});
