import {
  createTheme,
  darken,
  getPrimaryShade,
  luminance,
  Modal,
  Notification,
  type CSSVariablesResolver,
  type MantineTheme,
} from '@mantine/core';

/** WCAG 2 minimum contrast of normal-size text with its background (success criterion 1.4.3, level AA). */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * Secondary text (`c="dimmed"`). Mantine's gray.6 (#868e96) has 3.3:1 on white; this grey keeps 6.1:1 on white and
 * at least 4.8:1 on the pale greys and indigos behind it (striped rows, a focused eCRF item).
 */
export const DIMMED_TEXT = '#5c636a';
/** Placeholders: lighter than dimmed text so they do not pass for a value, yet 4.7:1 on an input's white. */
export const PLACEHOLDER_TEXT = '#6c757d';

/** WCAG 2 contrast ratio of two opaque colours, from 1 (same luminance) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** 0 %, 5 %, …, 100 % darker: the last step is black, readable on any light background. */
const DARKENING = Array.from({ length: 21 }, (_, step) => step / 20);

/** `color` itself when it has 4.5:1 with every one of `others`, else the least darkened version of it that has. */
export function readableAgainst(color: string, ...others: string[]): string {
  const readable = DARKENING.map((amount) => (amount === 0 ? color : darken(color, amount))).find(
    (candidate) => others.every((other) => contrastRatio(candidate, other) >= MIN_TEXT_CONTRAST),
  );
  if (readable === undefined) throw new Error(`No darker ${color} is readable against ${others.join(', ')}`);
  return readable;
}

/**
 * The light surfaces coloured text sits on: white, the pale greys of striped rows and panels, and the pale indigo
 * of a focused eCRF item (where a validation error or a warning shows under the answer).
 */
export function textBackgrounds(theme: MantineTheme): string[] {
  return [theme.white, theme.colors.gray[0], theme.colors.gray[1], theme.colors.indigo[0]];
}

/**
 * Light-scheme colours that meet WCAG AA contrast, set once for every component (the app has no dark scheme).
 * Mantine's defaults fail in five places, which this corrects for each palette colour where it fails:
 * - dimmed text (gray.6 on white, 3.3:1);
 * - text in a colour (`c="red"`, which Mantine draws in the filled colour): red.8 has 4.0:1 on a focused item's
 *   indigo.0 and orange.9 4.3:1 on white, so every palette colour gets a text colour readable on all
 *   `textBackgrounds`; components name the colour, never a fixed shade;
 * - the error colour of invalid inputs and their messages (red.6, 3.3:1 on white): the red text colour;
 * - the light variant (badges, alerts, subtle buttons): text in shade 9 on shade 1, and on shade 2 when hovered,
 *   as low as 2.5:1 (yellow) and 4.3:1 (teal);
 * - the filled variant: white on shade 7 (3.8:1 for red, 3.0:1 for orange), also used for outlines on white.
 */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => {
  const filledShade = getPrimaryShade(theme, 'light');
  const backgrounds = textBackgrounds(theme);
  const light: Record<string, string> = {
    '--mantine-color-dimmed': DIMMED_TEXT,
    '--mantine-color-placeholder': PLACEHOLDER_TEXT,
    '--mantine-color-error': readableAgainst(theme.colors.red[filledShade], ...backgrounds),
  };
  for (const [name, shades] of Object.entries(theme.colors)) {
    const text = readableAgainst(shades[filledShade], ...backgrounds);
    if (text !== shades[filledShade]) light[`--mantine-color-${name}-text`] = text;
    const lightText = readableAgainst(shades[9], shades[2]);
    if (lightText !== shades[9]) light[`--mantine-color-${name}-light-color`] = lightText;
    const filled = readableAgainst(shades[filledShade], theme.white);
    if (filled !== shades[filledShade]) {
      light[`--mantine-color-${name}-filled`] = filled;
      light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
      light[`--mantine-color-${name}-outline`] = filled;
    }
  }
  return { variables: {}, light, dark: {} };
};

/**
 * Sober clinical look: one accent colour (indigo), neutral greys, compact sizes. Close buttons get their name in
 * the user's language: Mantine leaves the × of dialogs and notifications unnamed for screen readers.
 */
export function createAppTheme(closeLabel: string) {
  const closeButtonProps = { 'aria-label': closeLabel };
  return createTheme({
    primaryColor: 'indigo',
    primaryShade: 7,
    defaultRadius: 'sm',
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
    headings: { fontWeight: '650' },
    focusRing: 'auto',
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps } }),
    },
  });
}
