import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaskState } from '../../../../src/core/reading/task-state.ts';

const COLOURS: Record<TaskState, string> = { assigned: 'gray', in_progress: 'blue', submitted: 'teal' };

/** A reading task's state, in words (colour is never the only signal). */
export function TaskStatusBadge({ status }: { status: TaskState }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOURS[status]} variant="light" tt="none" radius="sm" data-status={status}>
      {t(`reading.taskStatus.${status}`)}
    </Badge>
  );
}
