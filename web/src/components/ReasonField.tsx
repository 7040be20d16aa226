import { Textarea, type TextareaProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { REASON_MAX_LENGTH } from '../../../src/core/audit/reason.ts';

/** The reason-for-change field every correction of a complete record asks for (21 CFR 11.10(e)). */
export function ReasonField({ description, ...props }: TextareaProps) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('common.reason')}
      description={description === undefined ? t('forms.reasonDemanded') : description}
      required
      autosize
      minRows={2}
      maxLength={REASON_MAX_LENGTH}
      {...props}
    />
  );
}
