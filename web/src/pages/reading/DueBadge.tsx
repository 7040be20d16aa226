import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Overdue, or due within 48 hours; nothing when the deadline is further away or the reading is done. */
export function DueBadge({ overdue, dueWithin48h }: { overdue: boolean; dueWithin48h: boolean }) {
  const { t } = useTranslation();
  if (overdue)
    return (
      <Badge color="red" variant="filled" tt="none" radius="sm">
        {t('worklist.overdue')}
      </Badge>
    );
  if (dueWithin48h)
    return (
      <Badge color="orange" variant="light" tt="none" radius="sm">
        {t('reading.dueSoon')}
      </Badge>
    );
  return null;
}
