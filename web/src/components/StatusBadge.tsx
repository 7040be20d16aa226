import { Badge, Box } from '@mantine/core';
import type { ParticipantStatus } from '../../../src/core/study/participant-status.ts';
import { useLabels } from '../lib/labels.ts';

/** REDCap-like record status: a coloured dot and the status in words (colour is never the only signal). */
const STATUS_COLOR: Record<ParticipantStatus, string> = {
  screening: 'gray',
  eligible: 'blue',
  ineligible: 'orange',
  included: 'green',
  withdrawn: 'red',
  completed: 'teal',
};

export function StatusBadge({ status }: { status: ParticipantStatus }) {
  const labels = useLabels();
  const color = STATUS_COLOR[status] ?? 'gray';
  return (
    <Badge
      variant="light"
      color={color}
      radius="sm"
      tt="none"
      fw={600}
      leftSection={
        <Box
          component="span"
          aria-hidden
          w={8}
          h={8}
          style={{
            borderRadius: '50%',
            background: `var(--mantine-color-${color}-6)`,
            display: 'inline-block',
          }}
        />
      }
    >
      {labels.status(status)}
    </Badge>
  );
}
