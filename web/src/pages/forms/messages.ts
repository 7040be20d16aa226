import type { TFunction } from 'i18next';
import type { FieldIssue, FieldIssueCode } from '../../../../src/core/errors.ts';
import type { InstrumentDefinition, ItemDef } from '../../../../src/core/instruments/types.ts';
import type { Language } from '../../i18n/index.ts';
import type { FieldDef } from '../../lib/instrument-form.ts';

/**
 * The issues of the shared validation, said in the user's language. `validateItems` decides what is wrong and
 * says it with a code; its English messages reach the API and the CLI verbatim. In the form, an issue is
 * translated from its code: a refused value is restated from the item's own definition (its range, choices or
 * units), so the text says what is allowed in either language. Rules across items are shown as the definition
 * words them.
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

/** Codes of a value the item refuses: the text restates what the item accepts, from its own definition. */
const RESTATED_FROM_DEFINITION: ReadonlySet<FieldIssueCode> = new Set([
  'invalid_type',
  'not_an_integer',
  'out_of_range',
  'too_long',
  'invalid_option',
  'pattern',
]);

/** One issue of `validateItems` (or of the server), for display next to its item, translated from its code. */
export function issueText(
  definition: InstrumentDefinition,
  issue: FieldIssue,
  t: TFunction,
  lang: Language,
): string {
  const path = issue.path.replace(/^values\./, '');
  const [head = '', field] = path.split('.');
  const match = /^([^[]+)(?:\[(\d+)\])?$/.exec(head);
  const item = definition.items.find((i) => i.id === match?.[1]);
  if (!item) return issue.message;
  if (issue.code === 'unknown_field') return t('ecrf.unknownField');
  if (item.type === 'record-list' && field) {
    const def = item.fields.find((f) => f.id === field);
    if (!def) return issue.message;
    if (issue.code === 'required') return t('validation.required');
    return RESTATED_FROM_DEFINITION.has(issue.code) ? allowed(def, t, lang) : issue.message;
  }
  if (issue.code === 'required') return t('ecrf.requiredToComplete');
  // Rules across items (`rule`) are shown as the definition words them.
  if (!RESTATED_FROM_DEFINITION.has(issue.code)) return issue.message;
  return `${allowed(item, t, lang)}${item.type === 'record-list' ? '' : ` ${t('ecrf.allowed.orCode')}`}`;
}

/** A soft warning, in the words of the item's own soft range when it has one. */
export function warningText(definition: InstrumentDefinition, warning: FieldIssue, lang: Language): string {
  const item = definition.items.find((i) => i.id === warning.path.replace(/^values\./, ''));
  const soft = item && 'soft' in item ? item.soft : undefined;
  return soft ? soft.message[lang] : warning.message;
}
