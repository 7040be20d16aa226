import { text } from '../item-builders.ts';
import type { InstrumentDefinition, IntegerListItem } from '../types.ts';

/**
 * Raynaud's Condition Score (RCS): each diary day the patient rates, 0 (no difficulty) to 10 (extreme
 * difficulty), how much difficulty the Raynaud's condition caused that day; the score is the mean over the diary.
 * Merkel PA, Herlyn K, Martin RW, et al. Measuring disease activity and functional status in patients with
 * scleroderma and Raynaud's phenomenon. Arthritis Rheum 2002;46:2410-20.
 * instruments.md: the mean at full precision; fewer than 7 diary days is incomplete. The diary holds at most
 * 14 days, the two-week window of Merkel's diaries.
 */
const MIN_DAYS = 7;
const MAX_DAYS = 14;

const list = (
  id: string,
  en: string,
  fr: string,
  max: number,
  help: [string, string],
  optional = false,
): IntegerListItem => ({
  id,
  type: 'integer-list',
  label: text(en, fr),
  help: text(...help),
  min: 0,
  max,
  maxLength: MAX_DAYS,
  ...(optional ? { optional } : {}),
});

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

const OPTIONAL_SERIES = ['attacks', 'minutes'] as const;

export const raynaudConditionScore: InstrumentDefinition = {
  id: 'raynaud-condition-score',
  version: '1.0.0',
  title: text('Raynaud’s Condition Score (diary)', 'Raynaud’s Condition Score (carnet journalier)'),
  citations: [
    'Merkel PA, Herlyn K, Martin RW, et al. Measuring disease activity and functional status in patients with scleroderma and Raynaud’s phenomenon. Arthritis Rheum 2002;46:2410-20.',
  ],
  kind: 'scored',
  items: [
    list('days', 'Daily Raynaud’s Condition Score', 'Raynaud’s Condition Score quotidien', 10, [
      'One rating per diary day: how much difficulty did Raynaud’s cause today, 0 (none) to 10 (extreme); at least 7 days',
      'Une note par jour du carnet : quelle gêne le phénomène de Raynaud a-t-il causée aujourd’hui, de 0 (aucune) à 10 (extrême) ; au moins 7 jours',
    ]),
    list(
      'attacks',
      'Number of attacks per day',
      'Nombre de crises par jour',
      50,
      ['Same days as the scores', 'Mêmes jours que les notes'],
      true,
    ),
    list(
      'minutes',
      'Total duration of attacks per day (minutes)',
      'Durée totale des crises par jour (minutes)',
      1440,
      ['Same days as the scores', 'Mêmes jours que les notes'],
      true,
    ),
  ],
  crossCheck(values) {
    const days = values.days as number[] | undefined;
    return OPTIONAL_SERIES.flatMap((id) => {
      const series = values[id] as number[] | undefined;
      return series !== undefined && series.length !== (days?.length ?? 0)
        ? [
            {
              path: id,
              code: 'rule' as const,
              message: `must have one entry per diary day (${days?.length ?? 0})`,
            },
          ]
        : [];
    });
  },
  score({ values }) {
    const days = (values.days as number[] | undefined) ?? [];
    const complete = days.length >= MIN_DAYS;
    const seriesMean = (id: string) => {
      const series = values[id] as number[] | undefined;
      return complete && series?.length ? mean(series) : null;
    };
    return {
      total: complete ? mean(days) : null,
      complete,
      // A diary shorter than the minimum counts as missing: the score cannot be given.
      missing: complete ? [] : ['days'],
      interpretation: null,
      days_recorded: days.length,
      attacks_per_day: seriesMean('attacks'),
      minutes_per_day: seriesMean('minutes'),
    };
  },
};
