import type { ItemFieldProps } from './ItemField.tsx';
import { QuantityEditor } from './QuantityEditor.tsx';
import { RecordListEditor } from './RecordListEditor.tsx';
import { ScalarInput } from './ScalarInput.tsx';

interface EditProps extends ItemFieldProps {
  id: string;
  describedBy: string;
  invalid: boolean;
}

/** The input of an editable item, by its type. */
export function EditValue({ item, raw, onValue, id, describedBy, invalid, fieldErrors }: EditProps) {
  if (item.type === 'record-list') {
    return (
      <RecordListEditor
        item={item}
        rows={Array.isArray(raw) ? raw : null}
        onChange={(rows) => onValue(item.id, rows)}
        id={id}
        describedBy={describedBy}
        fieldErrors={fieldErrors}
      />
    );
  }
  if (item.type === 'quantity') {
    const value = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : { value: '', unit: '' };
    return (
      <QuantityEditor
        item={item}
        value={value}
        onChange={(v) => onValue(item.id, v)}
        id={id}
        describedBy={describedBy}
        invalid={invalid}
      />
    );
  }
  return (
    <ScalarInput
      def={item}
      value={typeof raw === 'string' ? raw : ''}
      onChange={(v) => onValue(item.id, v)}
      id={id}
      describedBy={describedBy}
      invalid={invalid}
    />
  );
}
