import type { FieldIssue } from '../../../../src/core/errors.ts';
import type { InstrumentDefinition } from '../../../../src/core/instruments/types.ts';
import { issuesByPath, itemOfPath, sameItem, type FormInput } from '../../lib/instrument-form.ts';

/** A field issue as shown: its message already in the user's words, its code no longer needed. */
export type ShownIssue = Pick<FieldIssue, 'path' | 'message'>;

/** What the server refused on the last save: its field issues (messages translated) and the input it was sent. */
export interface Refusal {
  fields: readonly ShownIssue[];
  input: FormInput;
}

/**
 * The messages shown next to the items, by path without the `values.` prefix (`sex`, `treatments[0].drug`): the
 * shared validation of what is typed now, then what the server refused, each message once. A refusal of an item
 * stands only while the item still holds what was sent: editing it clears the server's message. Refused fields
 * outside the form's items (the version, the reason) are not the items' to show.
 */
export function itemMessages(
  definition: InstrumentDefinition,
  input: FormInput,
  clientIssues: readonly ShownIssue[],
  refusal: Refusal | null,
): Map<string, string[]> {
  const itemIds = new Set(definition.items.map((i) => i.id));
  const standing = refusal
    ? refusal.fields.filter((f) => {
        const id = itemOfPath(f.path);
        return f.path.startsWith('values.') && itemIds.has(id) && sameItem(input, refusal.input, id);
      })
    : [];
  const messages = new Map<string, string[]>();
  for (const [path, list] of [...issuesByPath(clientIssues), ...issuesByPath(standing)])
    messages.set(path, [...new Set([...(messages.get(path) ?? []), ...list])]);
  return messages;
}

/** The first item of the form, in the form's order, that an issue is about (where to put the focus). */
export function firstInvalidItem(
  definition: InstrumentDefinition,
  issues: readonly ShownIssue[],
): string | undefined {
  const ids = new Set(issues.map((i) => itemOfPath(i.path)));
  return definition.items.find((i) => ids.has(i.id))?.id;
}
