import type { Kysely } from 'kysely';
import type { InboxStudy } from '../../core/imaging/records.ts';
import { listInboxStudies } from '../../db/repositories/imaging/inbox.ts';
import type { DB } from '../../db/schema.ts';
import { isoDateOfDA } from '../../imaging/dicom/values.ts';

/** The unassigned inbox as the API shows it: study dates as calendar dates (shifted like the files). */
export async function listInbox(db: Kysely<DB>): Promise<InboxStudy[]> {
  const studies = await listInboxStudies(db);
  return studies.map(({ dicomStudyDate, ...study }) => ({
    ...study,
    studyDate: isoDateOfDA(dicomStudyDate),
  }));
}
