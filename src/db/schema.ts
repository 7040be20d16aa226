/**
 * Kysely table types. Portable on SQLite and PostgreSQL: ids are application-made UUID text, timestamps are
 * ISO-8601 UTC text, calendar dates are 'YYYY-MM-DD' text, booleans are 0/1 integers and JSON is text.
 * Every mutable row carries `version` for optimistic concurrency.
 */
export interface StudyTable {
  id: string;
  nct_id: string;
  protocol_json: string;
  synthetic: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SiteTable {
  id: string;
  study_id: string;
  code: string;
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ParticipantTable {
  id: string;
  study_id: string;
  site_id: string;
  code: string;
  arm: string;
  status: string;
  screening_date: string;
  inclusion_date: string | null;
  end_date: string | null;
  synthetic: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ParticipantStatusChangeTable {
  id: string;
  participant_id: string;
  /** 1, 2, 3… per participant: the order of changes, which timestamps alone cannot guarantee. */
  ordinal: number;
  from_status: string | null;
  to_status: string;
  effective_date: string;
  reason: string;
  changed_by: string;
  changed_at: string;
}

export interface IdentityTable {
  participant_id: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  hospital_record_number: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ConsentTable {
  id: string;
  participant_id: string;
  consent_date: string;
  document_version: string;
  withdrawn_date: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface VisitTable {
  id: string;
  participant_id: string;
  visit_code: string;
  planned_date: string | null;
  actual_date: string | null;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface MriExamTable {
  id: string;
  participant_id: string;
  visit_id: string | null;
  exam_code: string;
  acquired_at: string | null;
  hands: string;
  scanner: string;
  notes: string;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  active: number;
  last_login_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface AuthThrottleTable {
  key: string;
  window_start: string;
  failures: number;
  locked_until: string | null;
  locks: number;
  last_failure_at: string;
}

export interface AuditEventTable {
  seq: number;
  ts: string;
  user_id: string | null;
  username: string;
  role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  request_id: string;
  prev_hash: string;
  hash: string;
}

export interface FormRecordTable {
  id: string;
  participant_id: string;
  visit_code: string;
  instrument_id: string;
  /** The instrument definition version whose validation and scoring produced the stored values and score. */
  definition_version: string;
  status: string;
  variant: string | null;
  values_json: string;
  missing_json: string;
  warnings_json: string;
  score_json: string | null;
  verified_by: string | null;
  verified_at: string | null;
  signed_by: string | null;
  signed_by_name: string | null;
  signed_at: string | null;
  signature_meaning: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FormQueryTable {
  id: string;
  form_id: string;
  item_id: string;
  status: string;
  question: string;
  opened_by: string;
  opened_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  close_note: string | null;
  closed_by: string | null;
  closed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DB {
  study: StudyTable;
  site: SiteTable;
  participant: ParticipantTable;
  participant_status_change: ParticipantStatusChangeTable;
  identity: IdentityTable;
  consent: ConsentTable;
  visit: VisitTable;
  mri_exam: MriExamTable;
  app_user: AppUserTable;
  session: SessionTable;
  auth_throttle: AuthThrottleTable;
  audit_event: AuditEventTable;
  form_record: FormRecordTable;
  form_query: FormQueryTable;
  imaging_secret: ImagingSecretTable;
  imaging_pseudonym: ImagingPseudonymTable;
  imaging_study: ImagingStudyTable;
  imaging_series: ImagingSeriesTable;
  imaging_instance: ImagingInstanceTable;
  imaging_original: ImagingOriginalTable;
  sodium_quantification: SodiumQuantificationTable;
  sodium_roi_result: SodiumRoiResultTable;
  sodium_job: SodiumJobTable;
  reading_task: ReadingTaskTable;
  exam_reading: ExamReadingTable;
  reading_measurement: ReadingMeasurementTable;
  study_setting: StudySettingTable;
}

/** The study's HMAC-SHA-256 key for UID remapping and pseudonyms (hex). */
export interface ImagingSecretTable {
  study_id: string;
  hmac_key: string;
  created_at: string;
}

/** A participant code or an inbox code, with the whole-day shift applied to every date of its images. */
export interface ImagingPseudonymTable {
  code: string;
  kind: string;
  participant_id: string | null;
  date_shift_days: number;
  created_at: string;
}

/** A de-identified DICOM study; exam_id null means it waits in the unassigned inbox. */
export interface ImagingStudyTable {
  id: string;
  study_uid: string;
  pseudonym: string;
  exam_id: string | null;
  study_date: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ImagingSeriesTable {
  id: string;
  imaging_study_id: string;
  series_uid: string;
  /** 'dicom' (instances below) or 'nifti' (one file, file_key). */
  format: string;
  file_key: string | null;
  series_number: number | null;
  description: string;
  modality: string;
  nucleus: string | null;
  rows: number;
  columns: number;
  frames: number;
  instances: number;
  burned_in: number;
  acquisition_json: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An original file kept in the admin-only quarantine, by the de-identified UID of what it became. */
export interface ImagingOriginalTable {
  uid: string;
  /** 'dicom' (uid is a SOP instance UID) or 'nifti' (uid is a series UID). */
  format: string;
  store_key: string;
  size: number;
  import_id: string;
  created_at: string;
}

export interface ImagingInstanceTable {
  sop_instance_uid: string;
  series_id: string;
  sop_class_uid: string;
  instance_number: number | null;
  rows: number;
  columns: number;
  frames: number;
  transfer_syntax_uid: string;
  store: string;
  store_key: string;
  size: number;
  created_at: string;
}

/** One quantification of an exam's sodium images: calibration, warnings and provenance (JSON texts). */
export interface SodiumQuantificationTable {
  id: string;
  exam_id: string;
  participant_id: string;
  /** 'current' or 'superseded' (by a later quantification of the same exam). */
  status: string;
  slope: number;
  intercept: number;
  r2: number;
  noise_sigma: number | null;
  references_json: string;
  warnings_json: string;
  parameters_json: string;
  manus_version: string;
  recorded_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One ROI of a quantification: a joint (participant × joint) or a tissue. */
export interface SodiumRoiResultTable {
  id: string;
  quantification_id: string;
  participant_id: string;
  label: number;
  name: string;
  kind: string;
  voxels: number;
  volume_mm3: number;
  mean_mmol: number;
  sd_mmol: number;
  median_mmol: number;
  created_at: string;
}

/** A background quantification of an exam's sodium series (see migration 0005). */
export interface SodiumJobTable {
  id: string;
  exam_id: string;
  /** 'queued', 'running', 'succeeded' or 'failed'. */
  status: string;
  percent: number;
  error: string | null;
  request_json: string;
  quantification_id: string | null;
  requested_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One radiologist's read of an exam, or the adjudicator's (see migration 0007). */
export interface ReadingTaskTable {
  id: string;
  exam_id: string;
  reader_id: string;
  /** 'read' or 'adjudication'. */
  kind: string;
  /** 'assigned', 'in_progress' or 'submitted'. */
  status: string;
  /** Canonical JSON array of { site, item, value }. */
  findings_json: string;
  comments: string;
  assigned_by: string;
  assigned_at: string;
  started_at: string | null;
  submitted_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An exam's reading status and, once final, the reading the analysis uses. */
export interface ExamReadingTable {
  exam_id: string;
  /** 'awaiting_reads', 'adjudication_needed', 'adjudicated', 'agreed' or 'final'. */
  status: string;
  adjudicator_id: string | null;
  final_findings_json: string | null;
  final_comments: string | null;
  /** 'agreed' or 'consensus' once final. */
  final_kind: string | null;
  finalized_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A measurement drawn by a reader, in patient coordinates (mm); active 0 once deleted. */
export interface ReadingMeasurementTable {
  id: string;
  task_id: string;
  /** 'Length', 'EllipticalROI' or 'Probe'. */
  tool: string;
  series_uid: string;
  sop_instance_uid: string;
  frame: number;
  points_json: string;
  stats_json: string;
  label: string;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A study-wide setting (reading.autoAssign, reading.adjudicationRule), JSON-valued. */
export interface StudySettingTable {
  key: string;
  value_json: string;
  version: number;
  created_at: string;
  updated_at: string;
}
