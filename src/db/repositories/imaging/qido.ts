import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { SeriesSummary, StoredInstance } from '../../../core/imaging/records.ts';
import type { DB } from '../../schema.ts';
import { seriesWithStudy } from './joins.ts';
import { toSeriesSummary } from './series.ts';

/**
 * QIDO-RS over the records (never over the files): studies, series and instances matching DICOM attributes, as
 * PS3.18 searches and WADO-RS retrievals need them.
 */

/** A UID key's value: one UID, or a list any of which matches (PS3.4 C.2.2.2.2, List of UID Matching). */
export type UidMatch = string | readonly string[];

/** QIDO-RS matching on study attributes; an absent or empty key matches every study. */
export interface StudyMatch {
  studyInstanceUid?: UidMatch | undefined;
  patientId?: string | undefined;
  /** Inclusive 'YYYYMMDD' bounds on the (shifted) study date. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  /** Studies with a series of any of these modalities. */
  modalities?: readonly string[] | undefined;
}

export interface SeriesMatch {
  seriesInstanceUid?: UidMatch | undefined;
  modality?: string | undefined;
  seriesNumber?: number | undefined;
  /** Wild Card Matching (PS3.4 C.2.2.2.4): `*` any run of characters, `?` one; case-sensitive. */
  seriesDescription?: string | undefined;
  nucleus?: string | undefined;
}

export interface InstanceMatch {
  sopInstanceUid?: UidMatch | undefined;
  sopClassUid?: UidMatch | undefined;
  instanceNumber?: number | undefined;
}

export interface Page {
  limit: number;
  offset: number;
}

export type StudyQuery = StudyMatch & Page;
export type SeriesQuery = StudyMatch & SeriesMatch & Page;
/** Without a page, every matching instance: what WADO-RS retrieves of a study, a series or an instance. */
export type InstanceQuery = StudyMatch & SeriesMatch & InstanceMatch & Partial<Page>;

const uidList = (uids: UidMatch): readonly string[] => (typeof uids === 'string' ? [uids] : uids);

/**
 * Wild Card Matching (PS3.4 C.2.2.2.4) as LIKE: `*` and `?` become `%` and `_`, while a `%`, `_` or `\` in the
 * value stands for itself. Case-sensitive, as the standard requires for every VR but PN (LIKE is case-sensitive on
 * both engines: see the SQLite connection).
 */
function wildcard(column: string, pattern: string): Expression<SqlBool> {
  const like = pattern
    .replace(/[\\%_]/g, '\\$&')
    .replaceAll('*', '%')
    .replaceAll('?', '_');
  return sql<SqlBool>`${sql.ref(column)} like ${like} escape '\\'`;
}

function studyConditions(m: StudyMatch): Expression<SqlBool>[] {
  const eb = expressionBuilder<DB, 'imaging_study'>();
  const out: Expression<SqlBool>[] = [];
  if (m.studyInstanceUid?.length) out.push(eb('imaging_study.study_uid', 'in', uidList(m.studyInstanceUid)));
  if (m.patientId) out.push(eb('imaging_study.pseudonym', '=', m.patientId));
  if (m.dateFrom) out.push(eb('imaging_study.study_date', '>=', m.dateFrom));
  if (m.dateTo) out.push(eb('imaging_study.study_date', '<=', m.dateTo));
  if (m.modalities?.length)
    out.push(
      eb.exists(
        eb
          .selectFrom('imaging_series as study_series')
          .select('study_series.id')
          .whereRef('study_series.imaging_study_id', '=', 'imaging_study.id')
          .where('study_series.format', '=', 'dicom')
          .where('study_series.modality', 'in', m.modalities),
      ),
    );
  return out;
}

function seriesConditions(m: SeriesMatch): Expression<SqlBool>[] {
  const eb = expressionBuilder<DB, 'imaging_series'>();
  const out: Expression<SqlBool>[] = [];
  if (m.seriesInstanceUid?.length)
    out.push(eb('imaging_series.series_uid', 'in', uidList(m.seriesInstanceUid)));
  if (m.modality) out.push(eb('imaging_series.modality', '=', m.modality));
  if (m.seriesNumber !== undefined) out.push(eb('imaging_series.series_number', '=', m.seriesNumber));
  if (m.seriesDescription) out.push(wildcard('imaging_series.description', m.seriesDescription));
  if (m.nucleus) out.push(eb('imaging_series.nucleus', '=', m.nucleus));
  return out;
}

function instanceConditions(m: InstanceMatch): Expression<SqlBool>[] {
  const eb = expressionBuilder<DB, 'imaging_instance'>();
  const out: Expression<SqlBool>[] = [];
  if (m.sopInstanceUid?.length)
    out.push(eb('imaging_instance.sop_instance_uid', 'in', uidList(m.sopInstanceUid)));
  if (m.sopClassUid?.length) out.push(eb('imaging_instance.sop_class_uid', 'in', uidList(m.sopClassUid)));
  if (m.instanceNumber !== undefined) out.push(eb('imaging_instance.instance_number', '=', m.instanceNumber));
  return out;
}

export interface StoredStudy {
  studyInstanceUid: string;
  patientId: string;
  studyDate: string | null;
  examId: string | null;
  modalities: string[];
  series: number;
  instances: number;
}

/** QIDO-RS study search over the records (never over the files), ordered by UID. */
export async function findStudies(db: Kysely<DB>, query: StudyQuery): Promise<StoredStudy[]> {
  const studies = await db
    .selectFrom('imaging_study')
    .selectAll()
    // NIfTI-only pseudo-studies are not DICOM studies: DICOMweb never lists them.
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('imaging_series')
          .select('imaging_series.id')
          .whereRef('imaging_series.imaging_study_id', '=', 'imaging_study.id')
          .where('imaging_series.format', '=', 'dicom'),
      ),
    )
    .where((eb) => eb.and(studyConditions(query)))
    .orderBy('study_uid')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  if (studies.length === 0) return [];
  const series = await db
    .selectFrom('imaging_series')
    .select(['imaging_study_id', 'modality', 'instances'])
    .where(
      'imaging_study_id',
      'in',
      studies.map((s) => s.id),
    )
    .where('format', '=', 'dicom')
    .execute();
  return studies.map((s) => {
    const mine = series.filter((x) => x.imaging_study_id === s.id);
    return {
      studyInstanceUid: s.study_uid,
      patientId: s.pseudonym,
      studyDate: s.study_date,
      examId: s.exam_id,
      modalities: [...new Set(mine.map((x) => x.modality))].sort(),
      series: mine.length,
      instances: mine.reduce((n, x) => n + Number(x.instances), 0),
    };
  });
}

/** QIDO-RS series search, matching study and series attributes; ordered by study, then series number. */
export async function findSeries(db: Kysely<DB>, query: SeriesQuery): Promise<SeriesSummary[]> {
  const rows = await seriesWithStudy(db)
    .selectAll('imaging_series')
    .select('imaging_study.study_uid')
    .where('imaging_series.format', '=', 'dicom')
    .where((eb) => eb.and([...studyConditions(query), ...seriesConditions(query)]))
    .orderBy('imaging_study.study_uid')
    .orderBy('imaging_series.series_number')
    .orderBy('imaging_series.series_uid')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map(toSeriesSummary);
}

/** Instances matching study, series and instance attributes; ordered by study, series and instance number. */
export async function findInstances(db: Kysely<DB>, query: InstanceQuery): Promise<StoredInstance[]> {
  let q = seriesWithStudy(db)
    .innerJoin('imaging_instance', 'imaging_instance.series_id', 'imaging_series.id')
    .selectAll('imaging_instance')
    .select(['imaging_series.series_uid', 'imaging_study.study_uid'])
    .where((eb) =>
      eb.and([...studyConditions(query), ...seriesConditions(query), ...instanceConditions(query)]),
    )
    .orderBy('imaging_study.study_uid')
    .orderBy('imaging_series.series_uid')
    .orderBy('imaging_instance.instance_number')
    .orderBy('imaging_instance.sop_instance_uid');
  if (query.limit !== undefined) q = q.limit(query.limit).offset(query.offset ?? 0);
  const rows = await q.execute();
  return rows.map((r) => ({
    studyInstanceUid: r.study_uid,
    seriesInstanceUid: r.series_uid,
    sopInstanceUid: r.sop_instance_uid,
    sopClassUid: r.sop_class_uid,
    instanceNumber: r.instance_number === null ? null : Number(r.instance_number),
    rows: Number(r.rows),
    columns: Number(r.columns),
    frames: Number(r.frames),
    transferSyntaxUid: r.transfer_syntax_uid,
    store: r.store,
    storeKey: r.store_key,
  }));
}
