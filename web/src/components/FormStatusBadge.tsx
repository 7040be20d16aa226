import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FormStatusOrNew } from '../../../src/core/forms/lifecycle.ts';

/**
 * REDCap-like form status: a coloured mark whose shape also differs (empty, half, full circle, check, lock) and the
 * status in words, so colour is never the only signal.
 */
export const FORM_STATUS_COLOR: Record<FormStatusOrNew, string> = {
  not_started: 'gray',
  in_progress: 'orange',
  complete: 'green',
  verified: 'teal',
  locked: 'indigo',
};

export function FormStatusIcon({ status, size = 12 }: { status: FormStatusOrNew; size?: number }) {
  const color = `var(--mantine-color-${FORM_STATUS_COLOR[status]}-7)`;
  const common = { width: size, height: size, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false };
  switch (status) {
    case 'not_started':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6" fill="none" stroke={color} strokeWidth="2" />
        </svg>
      );
    case 'in_progress':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6" fill="none" stroke={color} strokeWidth="2" />
          <path d="M8 2 A6 6 0 0 1 8 14 Z" fill={color} />
        </svg>
      );
    case 'complete':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill={color} />
        </svg>
      );
    case 'verified':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill={color} />
          <path d="M4.5 8.2 L7 10.6 L11.5 5.6" fill="none" stroke="white" strokeWidth="2" />
        </svg>
      );
    case 'locked':
      return (
        <svg {...common}>
          <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill={color} />
          <path d="M5 7 V5 a3 3 0 0 1 6 0 V7" fill="none" stroke={color} strokeWidth="2" />
        </svg>
      );
  }
}

export function FormStatusBadge({
  status,
  size = 'sm',
}: {
  status: FormStatusOrNew;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={FORM_STATUS_COLOR[status]}
      radius="sm"
      tt="none"
      fw={600}
      size={size}
      leftSection={<FormStatusIcon status={status} />}
      data-status={status}
    >
      {t(`formStatus.${status}`)}
    </Badge>
  );
}
