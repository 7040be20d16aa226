import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toLanguage, type Language } from '../i18n/index.ts';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Formatters {
  language: Language;
  /** A calendar date ('YYYY-MM-DD'): shown as is, never shifted by a time zone. French: 29/11/2026. */
  date(value: string | null | undefined): string;
  /** An instant (ISO UTC): shown in the browser's time zone, with the zone named. */
  dateTime(value: string | null | undefined): string;
  number(value: number): string;
  percent(part: number, whole: number): string;
  /** A size in bytes, in kilobytes or megabytes as the locale writes them (12.3 MB, 12,3 Mo). */
  fileSize(bytes: number): string;
}

export const EMPTY = '—';

export function makeFormatters(language: Language): Formatters {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const dateFormat = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: language === 'fr' ? '2-digit' : 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: language === 'fr' ? '2-digit' : 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const numberFormat = new Intl.NumberFormat(locale);
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const sizeFormat = (unit: 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 });
  const kilobyteFormat = sizeFormat('kilobyte');
  const megabyteFormat = sizeFormat('megabyte');
  return {
    language,
    date(value) {
      if (!value) return EMPTY;
      const m = DATE_ONLY.exec(value);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(value);
      return Number.isNaN(d.getTime()) ? value : dateFormat.format(d);
    },
    dateTime(value) {
      if (!value) return EMPTY;
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : dateTimeFormat.format(d);
    },
    number(value) {
      return numberFormat.format(value);
    },
    percent(part, whole) {
      return percentFormat.format(whole > 0 ? part / whole : 0);
    },
    fileSize(bytes) {
      return bytes < 1_000_000
        ? kilobyteFormat.format(bytes / 1000)
        : megabyteFormat.format(bytes / 1_000_000);
    },
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const language = toLanguage(i18n.language);
  return useMemo(() => makeFormatters(language), [language]);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Today's calendar date in the browser's time zone, as 'YYYY-MM-DD'. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An ISO instant as the value of an <input type="datetime-local"> (browser time zone). */
export function toDateTimeLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> (browser time zone) as an ISO UTC instant. */
export function fromDateTimeLocal(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
