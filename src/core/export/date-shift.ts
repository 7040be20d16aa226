/**
 * De-identified exports move every date of a participant by the same whole number of days, so intervals within a
 * participant (inclusion to MRI, treatment start to end) stay exact while the calendar dates are hidden. The offset
 * is the one the participant's images already carry (src/imaging/deid/pseudonym.ts derives it from the study's
 * secret key and the participant code), so exported dates agree with the dates inside the exported images.
 */
import type { InstrumentDefinition, ItemDef, ItemValue, ItemValues } from '../instruments/types.ts';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` moved by `days`. */
export function shiftDate(date: string, days: number): string {
  if (!DATE.test(date)) throw new Error(`Not a calendar date (YYYY-MM-DD): ${date}`);
  if (days === 0) return date;
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** An ISO-8601 UTC timestamp moved by `days`, in the same `toISOString` form. */
export function shiftDateTime(timestamp: string, days: number): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new Error(`Not a timestamp: ${timestamp}`);
  if (days === 0) return timestamp;
  return new Date(ms + days * DAY_MS).toISOString();
}

export const shiftNullableDate = (date: string | null, days: number): string | null =>
  date === null ? null : shiftDate(date, days);

export const shiftNullableDateTime = (timestamp: string | null, days: number): string | null =>
  timestamp === null ? null : shiftDateTime(timestamp, days);

function shiftItem(item: ItemDef, value: ItemValue, days: number): ItemValue {
  if (item.type === 'date' && typeof value === 'string') return shiftDate(value, days);
  if (item.type === 'record-list' && Array.isArray(value)) {
    const dateFields = item.fields.filter((f) => f.type === 'date').map((f) => f.id);
    return (value as Record<string, string | number | boolean | null>[]).map((record) =>
      Object.fromEntries(
        Object.entries(record).map(([id, v]) => [
          id,
          dateFields.includes(id) && typeof v === 'string' ? shiftDate(v, days) : v,
        ]),
      ),
    );
  }
  return value;
}

/** A form's values with every date item, and every date field of its record lists, moved by `days`. */
export function shiftItemValues(
  definition: InstrumentDefinition,
  values: ItemValues,
  days: number,
): ItemValues {
  if (days === 0) return values;
  const items = new Map(definition.items.map((item) => [item.id, item]));
  return Object.fromEntries(
    Object.entries(values).map(([id, value]) => {
      const item = items.get(id);
      return [id, item ? shiftItem(item, value, days) : value];
    }),
  );
}
