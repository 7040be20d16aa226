import type { TFunction } from 'i18next';
import type { FieldIssue } from '../../../../src/core/errors.ts';
import type { InstrumentDefinition, ItemDef } from '../../../../src/core/instruments/types.ts';
import type { Language } from '../../i18n/index.ts';
import type { FieldDef } from '../../lib/instrument-form.ts';

/**
 * The issues of the shared validation, said in the user's language. `validateItems` decides what is wrong; its
 * English messages reach the API and the CLI verbatim. In the form, a type or range issue is restated from the
 * item's own definition (its range, choices or units), so the text says what is allowed in either language.
 * Other issues (rules across items) are shown as the definition words them.
 */
function allowed(item: ItemDef | FieldDef, t: TFunction, lang: Language): string {
  const number = (n: number) => n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');
  switch (item.type) {
    case 'boolean':
      return t('ecrf.allowed.boolean');
    case 'integer':
      return t('ecrf.allowed.integer', { min: number(item.min), max: number(item.max) });
    case 'number':
      return t(item.exclusiveMin ? 'ecrf.allowed.numberAbove' : 'ecrf.allowed.number', {
        min: number(item.min),
        max: number(item.max),
        unit: item.unit ?? '',
      }).trim();
    case 'choice':
      // A short list is named; a long one is in the drop-down itself.
      return item.choices.length <= 4
        ? t('ecrf.allowed.choice', { choices: item.choices.map((c) => c.label[lang]).join(', ') })
        : t('ecrf.allowed.choiceListed');
    case 'date':
      return t('ecrf.allowed.date');
    case 'text':
      return t('ecrf.allowed.text', { max: number(item.maxLength) });
    case 'integer-list':
      return t('ecrf.allowed.integerList', {
        length: number(item.maxLength),
        min: number(item.min),
        max: number(item.max),
      });
    case 'quantity':
      return t('ecrf.allowed.quantity', {
        units: Object.keys(item.units).join(', '),
        min: number(item.min),
        max: number(item.max),
        unit: item.canonicalUnit,
      });
    case 'record-list':
      return t('ecrf.allowed.recordList', { length: number(item.maxLength) });
  }
}

const TYPE_OR_RANGE = /^(must be|required:)/;

/** One issue of `validateItems` (or of the server), for display next to its item. */
export function issueText(
  definition: InstrumentDefinition,
  issue: FieldIssue,
  t: TFunction,
  lang: Language,
): string {
  const path = issue.path.replace(/^values\./, '');
  if (issue.message === 'required to mark the form complete') return t('ecrf.requiredToComplete');
  const [head = '', field] = path.split('.');
  const match = /^([^[]+)(?:\[(\d+)\])?$/.exec(head);
  const item = definition.items.find((i) => i.id === match?.[1]);
  if (!item || !TYPE_OR_RANGE.test(issue.message)) return issue.message;
  if (item.type === 'record-list' && field) {
    const def = item.fields.find((f) => f.id === field);
    if (!def) return issue.message;
    return issue.message.startsWith('required') ? t('validation.required') : allowed(def, t, lang);
  }
  return `${allowed(item, t, lang)}${item.type === 'record-list' ? '' : ` ${t('ecrf.allowed.orCode')}`}`;
}

/** A soft warning, in the words of the item's own soft range when it has one. */
export function warningText(definition: InstrumentDefinition, warning: FieldIssue, lang: Language): string {
  const item = definition.items.find((i) => i.id === warning.path.replace(/^values\./, ''));
  const soft = item && 'soft' in item ? item.soft : undefined;
  return soft ? soft.message[lang] : warning.message;
}
