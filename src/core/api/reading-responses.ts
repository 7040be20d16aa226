/**
 * Responses of the reading API (/api/reading), shared by the server and the web app. What a reader is shown is
 * declared field by field as strict objects: a participant code, arm or the other reader's values added to a
 * reader's view by mistake fails the response check in the tests (and the blinding crawl) instead of leaking.
 */
import { z } from 'zod';
import { ADJUDICATION_RULES } from '../reading/consensus.ts';
import { LESION_ITEMS, RAMRIS_ITEMS } from '../reading/derive.ts';
import { ITEM_IDS } from '../reading/items.ts';
import { EXAM_READING_STATES, TASK_KINDS, TASK_STATES } from '../reading/task-state.ts';
import { HANDS } from '../study/protocol.ts';
import { apiDateTime, count, itemsOf } from './common.ts';
import { measurementBody } from './reading.ts';

const version = z.number().int().min(0);
const findingValue = z.union([z.number(), z.boolean(), z.string()]);

export const findingSchema = z.strictObject({
  site: z.string(),
  item: z.enum(ITEM_IDS),
  value: findingValue,
});
const readingSchema = z.strictObject({ findings: z.array(findingSchema), comments: z.string() });

/** When the exam's final reading is due, and whether that is past or within 48 hours. */
const deadline = {
  readingDueAt: apiDateTime.nullable(),
  overdue: z.boolean(),
  dueWithin48h: z.boolean(),
};

export const worklistItemSchema = z.strictObject({
  taskId: z.string(),
  examCode: z.string(),
  kind: z.enum(TASK_KINDS),
  status: z.enum(TASK_STATES),
  hands: z.enum(HANDS),
  acquiredAt: apiDateTime.nullable(),
  ...deadline,
});
export type WorklistItem = z.infer<typeof worklistItemSchema>;
export const worklistSchema = itemsOf(worklistItemSchema);

export const taskSeriesSchema = z.strictObject({
  studyUid: z.string(),
  seriesUid: z.string(),
  description: z.string(),
  nucleus: z.enum(['1H', '23Na']).nullable(),
  modality: z.string(),
  frames: count,
  frameOfReferenceUid: z.string().nullable(),
});
export type TaskSeries = z.infer<typeof taskSeriesSchema>;

const lesionResult = z.strictObject({ any: z.boolean().nullable(), count: count.nullable() });
const ramrisSum = z.strictObject({ ramrisSites: count.nullable(), allSites: count.nullable() });
const vascular = {
  abnormalDigitalArteries: count.nullable(),
  fingersWithoutVenousReturn: count.nullable(),
  avascularAreas: count.nullable(),
};
const lesions = z.strictObject(
  Object.fromEntries(LESION_ITEMS.map((item) => [item, lesionResult])) as {
    [K in (typeof LESION_ITEMS)[number]]: typeof lesionResult;
  },
);
const ramris = z.strictObject(
  Object.fromEntries(RAMRIS_ITEMS.map((item) => [item, ramrisSum])) as {
    [K in (typeof RAMRIS_ITEMS)[number]]: typeof ramrisSum;
  },
);

/** Derived in the core from the reader's own findings (src/core/reading/derive.ts). */
export const participantResultsSchema = z.strictObject({
  ...vascular,
  hands: z.array(
    z.strictObject({
      ...vascular,
      side: z.enum(['R', 'L']),
      lesions,
      ramris,
      leydenChangType: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable(),
    }),
  ),
  lesions,
  ramris,
});

export const disagreementSchema = z.strictObject({
  site: z.string(),
  item: z.enum(ITEM_IDS),
  a: findingValue.nullable(),
  b: findingValue.nullable(),
});

/** One task as its reader opens it; only the adjudication task carries the two reads, as "A" and "B". */
export const taskViewSchema = z.strictObject({
  taskId: z.string(),
  examCode: z.string(),
  kind: z.enum(TASK_KINDS),
  status: z.enum(TASK_STATES),
  version,
  hands: z.enum(HANDS),
  acquiredAt: apiDateTime.nullable(),
  ...deadline,
  series: z.array(taskSeriesSchema),
  reading: readingSchema,
  missing: z.array(z.strictObject({ site: z.string(), item: z.enum(ITEM_IDS) })),
  derived: participantResultsSchema,
  adjudication: z
    .strictObject({
      reads: z.array(readingSchema.extend({ label: z.enum(['A', 'B']) })),
      disagreements: z.array(disagreementSchema),
    })
    .optional(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

/**
 * What an autosave answers: the new version to save against and the task's status. The whole task view (series,
 * missing items, derived results) is `GET /api/reading/tasks/:taskId`; the workstation computes missing items and
 * derived results itself from the core rules, so re-reading the task after every autosave only made saves slower.
 */
export const draftSavedSchema = z.strictObject({
  taskId: z.string(),
  status: z.enum(TASK_STATES),
  version,
  updatedAt: apiDateTime,
});
export type DraftSaved = z.infer<typeof draftSavedSchema>;

export const examReadRowSchema = z.strictObject({
  taskId: z.string(),
  reader: z.string(),
  status: z.enum(TASK_STATES),
  submittedAt: apiDateTime.nullable(),
  /** The version unlocking the read needs. */
  version,
});
export type ExamReadRow = z.infer<typeof examReadRowSchema>;

/** The data manager's line for one acquired exam (it names the participant: never shown to readers). */
export const examOverviewSchema = z.strictObject({
  examCode: z.string(),
  participant: z.string(),
  acquiredAt: apiDateTime.nullable(),
  readingDueAt: apiDateTime.nullable(),
  status: z.enum([...EXAM_READING_STATES, 'unassigned']),
  reads: z.array(examReadRowSchema),
  adjudicator: z.string().nullable(),
  finalizedAt: apiDateTime.nullable(),
  hoursToFinal: z.number().min(0).nullable(),
  overdue: z.boolean(),
});
export type ExamOverview = z.infer<typeof examOverviewSchema>;

export const examsOverviewSchema = z.strictObject({
  items: z.array(examOverviewSchema),
  summary: z.strictObject({ pending: count, dueWithin48h: count, overdue: count, final: count }),
});
export type ExamsOverview = z.infer<typeof examsOverviewSchema>;

/** An exam's reading as assigning it leaves it. */
export const examReadingSchema = z.strictObject({
  examId: z.string(),
  status: z.enum(EXAM_READING_STATES),
  adjudicatorId: z.string().nullable(),
  final: z
    .strictObject({
      findings: z.array(findingSchema).readonly(),
      comments: z.string(),
      kind: z.enum(['agreed', 'consensus']),
    })
    .nullable(),
  finalizedAt: apiDateTime.nullable(),
  version,
  createdAt: apiDateTime,
  updatedAt: apiDateTime,
});

/** A read as the data manager's unlock leaves it. */
export const readingTaskSchema = z.strictObject({
  id: z.string(),
  examId: z.string(),
  readerId: z.string(),
  kind: z.enum(TASK_KINDS),
  status: z.enum(TASK_STATES),
  findings: z.array(findingSchema),
  comments: z.string(),
  assignedBy: z.string(),
  assignedAt: apiDateTime,
  startedAt: apiDateTime.nullable(),
  submittedAt: apiDateTime.nullable(),
  version,
  createdAt: apiDateTime,
  updatedAt: apiDateTime,
});

export const readingSettingsSchema = z.strictObject({
  autoAssign: z.boolean(),
  adjudicationRule: z.enum(ADJUDICATION_RULES),
  version,
});
export type ReadingSettings = z.infer<typeof readingSettingsSchema>;

export const readerSchema = z.strictObject({ id: z.string(), username: z.string(), displayName: z.string() });
export type Reader = z.infer<typeof readerSchema>;
export const readersSchema = itemsOf(readerSchema);

const itemAgreement = {
  item: z.enum(ITEM_IDS),
  weighting: z.enum(['none', 'linear', 'quadratic']),
  pairs: count,
  percentAgreement: z.number().min(0).max(100).nullable(),
  kappa: z.number().nullable(),
};
export const agreementReportSchema = z.strictObject({
  items: z.array(z.strictObject(itemAgreement)),
  /** Per site with left and right pooled, from MIN_PAIRS_PER_SITE pairs. */
  sites: z.array(z.strictObject({ ...itemAgreement, site: z.string() })),
});
export type AgreementReport = z.infer<typeof agreementReportSchema>;

export const measurementSchema = z.strictObject({
  ...measurementBody.shape,
  id: z.string(),
  taskId: z.string(),
  active: z.boolean(),
  version,
  createdAt: apiDateTime,
  updatedAt: apiDateTime,
});
export type StoredMeasurement = z.infer<typeof measurementSchema>;
export const measurementListSchema = itemsOf(measurementSchema);
