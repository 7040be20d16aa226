import { Box } from '@mantine/core';

/**
 * A chart or heat map drawn by src/core/report as SVG markup. The markup is built by Plot and the hand diagram from
 * numbers and the app's own labels (the text is escaped as it is built), never from user input.
 */
export function Svg({ markup, label }: { markup: string; label: string }) {
  return (
    <Box role="img" aria-label={label} className="report-svg" dangerouslySetInnerHTML={{ __html: markup }} />
  );
}
