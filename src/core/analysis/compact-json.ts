/**
 * The compact form of a final reading (./input.ts) read straight from its stored JSON text, without parsing the
 * 300-odd findings of a complete reading into objects: at 20,000 participants, parsing them and then dropping the
 * normal ones was most of the analysis's time and memory.
 *
 * Fast path: the findings as Manus stores them, JSON.stringify's text of `{site, item, value}` objects (either key
 * order: the repositories write them canonically as item, site, value) listing every field of the form in form
 * order, with any series findings (`series:<uid>` sites) in between. Each finding is then checked against the
 * expected field's text in place, and only a value other than the item's normal is parsed. Anything else — another
 * order, a missing or repeated field, spaces, escapes, other keys — takes the general path, JSON.parse and
 * compactReading, which the fast path's result always equals (compact-json.test.ts).
 */
import { handFormFields, type Finding } from '../reading/findings.ts';
import { isItemId, readingItem, type FindingValue, type ItemId } from '../reading/items.ts';
import { SERIES_PREFIX } from '../reading/sites.ts';
import type { Hands } from '../study/protocol.ts';
import { compactReading, type CompactReading } from './input.ts';

/** The key orders a stored finding is written in: [first key, second key]. */
const KEY_ORDERS = [
  ['site', 'item'],
  ['item', 'site'],
] as const;
type KeyOrder = 0 | 1;

interface ExpectedField {
  site: string;
  item: ItemId;
  /** The finding's text up to its value, in each key order: `{"site":"R.MCP2","item":"erosion","value":`. */
  prefix: readonly [string, string];
  /** Not required when the artery at this site is recorded as not visible. */
  reach: boolean;
}

const findingPrefix = (site: string, item: string, order: KeyOrder): string => {
  const [first, second] = KEY_ORDERS[order];
  const values = { site, item };
  return `{"${first}":${JSON.stringify(values[first])},"${second}":${JSON.stringify(values[second])},"value":`;
};

const expectedFieldsOf = (() => {
  const built = new Map<Hands, readonly ExpectedField[]>();
  return (hands: Hands): readonly ExpectedField[] => {
    let fields = built.get(hands);
    if (!fields) {
      fields = handFormFields(hands).map(({ site, item }) => ({
        site,
        item,
        prefix: [findingPrefix(site, item, 0), findingPrefix(site, item, 1)],
        reach: item === 'artery_reach',
      }));
      built.set(hands, fields);
    }
    return fields;
  };
})();

/** Each item's normal value, its JSON text, and that text with the finding's closing brace. */
const NORMAL = new Map<ItemId, { value: FindingValue; text: string; closed: string }>();
const normalOf = (item: ItemId) => {
  let normal = NORMAL.get(item);
  if (!normal) {
    const value = readingItem(item).scale.normal;
    const text = JSON.stringify(value);
    NORMAL.set(item, (normal = { value, text, closed: `${text}}` }));
  }
  return normal;
};

/**
 * Whether `literal` is written at `pos`. A slice compared whole: several times faster in V8 (Node 20) than
 * startsWith with a position.
 */
const textAt = (text: string, pos: number, literal: string): boolean =>
  text.slice(pos, pos + literal.length) === literal;

const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const COMMA = 44;
const VALUE_KEY = '","value":';

/** The compact form of the reading of the given hands stored as `findingsJson` (series fields are not required). */
export function compactReadingOfJson(findingsJson: string, hands: Hands): CompactReading {
  return (
    compactInFormOrder(findingsJson, hands) ??
    compactReading({ findings: JSON.parse(findingsJson) as Finding[], comments: '' }, hands, [])
  );
}

/** The fast path of the file comment; null when the text is not in that form. */
function compactInFormOrder(text: string, hands: Hands): CompactReading | null {
  const expected = expectedFieldsOf(hands);
  const abnormal: Finding[] = [];
  const notVisible = new Set<string>();
  const order: KeyOrder = text.startsWith('[{"item":') ? 1 : 0;
  const [firstKey, secondKey] = KEY_ORDERS[order];
  let next = 0;
  let pos = 1;
  if (text.charCodeAt(0) !== OPEN_BRACKET) return null;
  if (text === '[]') pos = text.length;
  /** The expected field the finding at `pos` is, if any: the reach of an artery not visible may be left out. */
  const expectedAt = (): ExpectedField | undefined => {
    for (let k = next; k < expected.length; k++) {
      const field = expected[k] as ExpectedField;
      if (textAt(text, pos, field.prefix[order])) {
        next = k + 1;
        return field;
      }
      if (!field.reach || !notVisible.has(field.site)) return undefined;
    }
    return undefined;
  };
  while (pos < text.length) {
    const field = expectedAt();
    let site: string;
    let item: ItemId;
    if (field) {
      ({ site, item } = field);
      pos += field.prefix[order].length;
    } else {
      // Only a series finding may come between the form's fields.
      const head = `{"${firstKey}":"`;
      if (!textAt(text, pos, head)) return null;
      const firstEnd = text.indexOf('"', pos + head.length);
      const first = text.slice(pos + head.length, firstEnd);
      const middle = `","${secondKey}":"`;
      if (firstEnd < 0 || !textAt(text, firstEnd, middle)) return null;
      const secondEnd = text.indexOf('"', firstEnd + middle.length);
      const second = text.slice(firstEnd + middle.length, secondEnd);
      if (secondEnd < 0 || !textAt(text, secondEnd, VALUE_KEY)) return null;
      pos = secondEnd + VALUE_KEY.length;
      site = order === 0 ? first : second;
      const itemText = order === 0 ? second : first;
      if (!site.startsWith(SERIES_PREFIX) || site.includes('\\') || !isItemId(itemText)) return null;
      item = itemText;
    }
    const normal = normalOf(item);
    let end: number;
    if (textAt(text, pos, normal.closed)) end = pos + normal.text.length;
    else {
      end = text.indexOf('}', pos);
      if (end < 0) return null;
      let value: unknown;
      try {
        value = JSON.parse(text.slice(pos, end));
      } catch {
        return null;
      }
      if (value !== normal.value) {
        // Keys in order, as the snapshot hash writes them.
        abnormal.push({ item, site, value: value as FindingValue });
        if (item === 'artery_status' && value === 'not_visible') notVisible.add(site);
      }
    }
    // After the object: a comma and the next object, or the closing bracket that ends the text.
    const after = text.charCodeAt(end + 1);
    if (after === COMMA && text.charCodeAt(end + 2) === OPEN_BRACE) pos = end + 2;
    else if (after === CLOSE_BRACKET && end + 2 === text.length) pos = text.length;
    else return null;
  }
  while (expected[next]?.reach && notVisible.has(expected[next]!.site)) next += 1;
  return next === expected.length ? { abnormal, unscored: [] } : null;
}
