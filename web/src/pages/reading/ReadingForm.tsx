import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Side } from '../../../../src/core/anatomy/types.ts';
import {
  bulkNormal,
  findingKey,
  missingFindings,
  requiredFields,
  sidesOf,
  type Reading,
  type ReadingScope,
} from '../../../../src/core/reading/findings.ts';
import type { FindingValue, ItemId } from '../../../../src/core/reading/items.ts';
import { readingKeys, taskUrl, type ReadingTaskView } from '../../api/reading.ts';
import { useFormat } from '../../lib/format.ts';
import { CompletenessPanel } from './CompletenessPanel.tsx';
import { FindingGroup } from './FindingGroup.tsx';
import { fieldDomId, firstFieldOf, formGroups, siteOrder, valueMap } from './form-model.ts';
import { ReadingDiagram } from './ReadingDiagram.tsx';
import { SubmitDialog } from './SubmitDialog.tsx';
import { TaskStatusBadge } from './TaskStatusBadge.tsx';
import { useDraftAutosave } from './useDraftAutosave.ts';

const requiredKeys = (reading: Reading, scope: ReadingScope) =>
  new Set(requiredFields(reading, scope).map((f) => findingKey(f.site, f.item)));

function focusField(site: string, item: ItemId) {
  const element = document.getElementById(fieldDomId(site, item));
  element?.focus({ preventScroll: true });
  element?.scrollIntoView({ block: 'center' });
}

/** Keys typed into text (comments, the number inputs) are not hotkeys. */
const typingInText = (target: EventTarget) =>
  target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement;

/**
 * A reader's reading form: the fields laid out from the form's items and sites, the hand diagram, the completeness
 * panel, autosaved drafts and the signed submission. J / K (or Alt+↓ / Alt+↑) move to the next / previous structure.
 */
export function ReadingForm({ task, onReload }: { task: ReadingTaskView; onReload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const readOnly = task.status === 'submitted';
  const seriesUids = useMemo(() => task.series.map((s) => s.seriesUid), [task.series]);
  const scope = useMemo<ReadingScope>(() => ({ hands: task.hands, seriesUids }), [task.hands, seriesUids]);
  const groups = useMemo(() => formGroups(task.hands, seriesUids), [task.hands, seriesUids]);
  const [reading, setReading] = useState<Reading>(() => task.reading);
  const [focusedSite, setFocusedSite] = useState<string | null>(null);
  const [submitOpen, setSubmitOpen] = useState(false);
  const required = useMemo(() => requiredKeys(reading, scope), [reading, scope]);
  const missing = useMemo(() => missingFindings(reading, scope), [reading, scope]);
  const values = useMemo(() => valueMap(reading.findings), [reading.findings]);
  const autosave = useDraftAutosave({
    taskId: task.taskId,
    version: task.version,
    saved: task.reading,
    // The saved task's new version and state (assigned → in progress on the first save); the form keeps its values.
    onSaved: useCallback(
      (saved: { version: number; status: ReadingTaskView['status'] }) =>
        queryClient.setQueryData<ReadingTaskView>(
          readingKeys.task(task.taskId),
          (old) => old && { ...old, version: saved.version, status: saved.status },
        ),
      [queryClient, task.taskId],
    ),
    onConflict: useCallback(() => {
      notifications.show({ color: 'orange', message: t('reading.save.conflict') });
      onReload();
    }, [onReload, t]),
  });

  const update = (next: Reading) => {
    // A field the form no longer asks for (the reach of an artery now called not visible) is not kept.
    const needed = requiredKeys(next, scope);
    const kept = { ...next, findings: next.findings.filter((f) => needed.has(findingKey(f.site, f.item))) };
    setReading(kept);
    autosave.schedule({ findings: [...kept.findings], comments: kept.comments });
  };
  const setField = (site: string, item: ItemId, value: FindingValue | null) => {
    const others = reading.findings.filter((f) => f.site !== site || f.item !== item);
    update({ ...reading, findings: value === null ? others : [...others, { site, item, value }] });
  };
  const allNormal = (side: Side, item?: ItemId) =>
    update(bulkNormal(reading, item ? { side, item } : { side }));

  const goToSite = (site: string) => {
    const item = firstFieldOf(groups, site, required);
    if (item) focusField(site, item);
  };
  const sites = siteOrder(groups).filter((site) => firstFieldOf(groups, site, required));
  const onKeyDown = (event: KeyboardEvent) => {
    const down = event.altKey ? event.key === 'ArrowDown' : event.key === 'j' || event.key === 'J';
    const up = event.altKey ? event.key === 'ArrowUp' : event.key === 'k' || event.key === 'K';
    if ((!down && !up) || event.ctrlKey || event.metaKey || (!event.altKey && typingInText(event.target)))
      return;
    event.preventDefault();
    const here = focusedSite ? sites.indexOf(focusedSite) : -1;
    const next = sites[Math.max(0, Math.min(sites.length - 1, here + (down ? 1 : -1)))];
    if (next) goToSite(next);
  };

  return (
    <Stack gap="xs" onKeyDown={onKeyDown}>
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <TaskStatusBadge status={task.status} />
          {!readOnly && (
            <Text
              size="xs"
              c={autosave.state === 'error' ? 'red.8' : 'dimmed'}
              role="status"
              data-testid="save-state"
            >
              {autosave.state === 'saved' && autosave.savedAt
                ? t('reading.save.savedAt', { time: fmt.dateTime(autosave.savedAt) })
                : t(`reading.save.${autosave.state}`)}
            </Text>
          )}
        </Group>
        {!readOnly && (
          <Group gap="xs">
            {sidesOf(task.hands).map((side) => (
              <Button key={side} size="compact-sm" variant="default" onClick={() => allNormal(side)}>
                {t('reading.form.handAllNormal', { hand: t(`reading.hand.${side}`) })}
              </Button>
            ))}
            <Button size="compact-sm" onClick={() => setSubmitOpen(true)}>
              {t('reading.submit.button')}
            </Button>
          </Group>
        )}
      </Group>
      {readOnly && (
        <Alert color="teal" variant="light" p="xs">
          {t('reading.form.submittedNote')}
        </Alert>
      )}
      {!readOnly && <CompletenessPanel missing={missing} required={required.size} onGoTo={focusField} />}
      <Text size="xs" c="dimmed">
        {t('reading.form.keyboardHint')}
      </Text>
      <ReadingDiagram values={values} focusedSite={focusedSite} onSelect={goToSite} />
      {groups.map((group) => (
        <FindingGroup
          key={group.id}
          group={group}
          values={values}
          required={required}
          readOnly={readOnly}
          onChange={setField}
          onAllNormal={allNormal}
          onFocusSite={setFocusedSite}
        />
      ))}
      <Textarea
        label={t('reading.form.comments')}
        autosize
        minRows={2}
        value={reading.comments}
        readOnly={readOnly}
        onChange={(e) => update({ ...reading, comments: e.currentTarget.value })}
      />
      <SubmitDialog
        opened={submitOpen}
        onClose={() => setSubmitOpen(false)}
        title={t('reading.submit.title', { exam: task.examCode })}
        intro={t('reading.submit.intro')}
        url={`${taskUrl(task.taskId)}/submit`}
        prepare={autosave.flush}
        onDone={() => {
          setSubmitOpen(false);
          void queryClient.invalidateQueries({ queryKey: readingKeys.all });
          notifications.show({ color: 'teal', message: t('reading.submit.done', { exam: task.examCode }) });
        }}
        onReload={onReload}
      />
    </Stack>
  );
}
