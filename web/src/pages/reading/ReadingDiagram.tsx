import { Group, SegmentedControl, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DIAGRAM_VIEWS, diagramShapes, type DiagramView } from '../../../../src/core/anatomy/diagram.ts';
import type { FindingValue } from '../../../../src/core/reading/items.ts';
import { resolveSite } from '../../../../src/core/reading/sites.ts';
import { HandDiagram } from '../../components/hand-diagram/HandDiagram.tsx';
import { DIAGRAM_FILL, structureFill } from './form-model.ts';

const VIEW_OF = new Map(
  DIAGRAM_VIEWS.flatMap((view) => diagramShapes(view).map((shape) => [shape.id, view] as const)),
);

/**
 * The hand diagram beside the form: each structure coloured by what is entered there, the focused one outlined; the
 * view follows the focus (arteries and flexor sheaths are on the palmar side, the rest dorsal).
 */
export function ReadingDiagram({
  values,
  focusedSite,
  onSelect,
}: {
  values: ReadonlyMap<string, FindingValue>;
  focusedSite: string | null;
  onSelect: (site: string) => void;
}) {
  const { t } = useTranslation();
  const [chosenView, setChosenView] = useState<DiagramView>('dorsal');
  const [followedSite, setFollowedSite] = useState<string | null>(null);
  // The focus moving to a structure of the other view switches the view once; the reader can switch back.
  const focusView = focusedSite ? VIEW_OF.get(focusedSite) : undefined;
  if (focusedSite !== followedSite) {
    setFollowedSite(focusedSite);
    if (focusView) setChosenView(focusView);
  }
  const fill = useMemo(() => {
    const colours = new Map<string, string>();
    return (id: string) => {
      let colour = colours.get(id);
      if (colour === undefined) {
        const site = resolveSite(id);
        colour = site ? structureFill(site, values) : DIAGRAM_FILL.empty;
        colours.set(id, colour);
      }
      return colour;
    };
  }, [values]);

  return (
    <div>
      <Group justify="space-between" gap="xs">
        <SegmentedControl
          size="xs"
          value={chosenView}
          onChange={(v) => setChosenView(v as DiagramView)}
          data={DIAGRAM_VIEWS.map((view) => ({ value: view, label: t(`reading.diagram.${view}`) }))}
          aria-label={t('reading.diagram.view')}
        />
        <Group gap={8} aria-hidden>
          {(['empty', 'entered', 'mild', 'severe'] as const).map((key) => (
            <Group key={key} gap={3}>
              <span
                style={{
                  display: 'inline-block',
                  width: 10,
                  height: 10,
                  background: DIAGRAM_FILL[key],
                  border: '1px solid #868e96',
                }}
              />
              <Text size="xs">{t(`reading.diagram.legend.${key}`)}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <HandDiagram
        view={chosenView}
        onSelect={onSelect}
        fill={fill}
        focusedId={focusedSite}
        title={t('reading.diagram.title')}
      />
    </div>
  );
}
