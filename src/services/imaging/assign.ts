import { ManusError } from '../../core/errors.ts';
import type { StudyAssignment } from '../../core/imaging/records.ts';
import type { Actor } from '../../db/actor.ts';
import type { Database } from '../../db/connection.ts';
import {
  findInboxStudy,
  patientConflict,
  recordAssignment,
  type InstanceRewrite,
} from '../../db/repositories/imaging/inbox.ts';
import { findInstances } from '../../db/repositories/imaging/qido.ts';
import { imagingSecret } from '../../db/repositories/imaging/pseudonyms.ts';
import { resolveDestination } from '../../db/repositories/imaging/destination.ts';
import type { StoredInstance } from '../../core/imaging/records.ts';
import { getStudy } from '../../db/repositories/study.ts';
import { withTransaction } from '../../db/transaction.ts';
import { shiftDateValue } from '../../imaging/deid/dates.ts';
import { deidentify } from '../../imaging/deid/deidentify.ts';
import { dateShiftDays } from '../../imaging/deid/pseudonym.ts';
import { emptyReport, mergeReport } from '../../imaging/deid/report.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { readDicom } from '../../imaging/dicom/read.ts';
import { writeDicom } from '../../imaging/dicom/write.ts';
import type { StoredObject } from '../../imaging/store/store.ts';

/**
 * Assigns a study of the unassigned inbox to an MRI exam. Its files were de-identified under an inbox code and
 * that code's date shift; each is de-identified again under the participant's code and date shift (UIDs kept, as
 * they do not depend on the pseudonym), so it ends up byte for byte what importing the original to the participant
 * would have stored, and a later import of the same originals is recognised as already there.
 *
 * The files are rewritten first, then the records change in one audited transaction. If that fails, the new files
 * are removed and the study stays in the inbox; once it commits, the old files are removed. Orthanc replaces an
 * instance in place, so there a failure after the rewrite leaves the inbox record pointing at rewritten files.
 */
export async function assignInboxStudy(options: {
  db: Database;
  actor: Actor;
  dataDir: string;
  studyInstanceUid: string;
  examId: string;
}): Promise<StudyAssignment> {
  const { db, actor } = options;
  const study = await findInboxStudy(db.kysely, options.studyInstanceUid);
  const destination = await resolveDestination(db.kysely, { exam: options.examId });
  if (!destination)
    throw new ManusError('bad_request', 'Choose the MRI exam', [
      { path: 'examId', code: 'required', message: 'required' },
    ]);
  if (study.owner && study.owner !== destination.participantCode)
    throw patientConflict(study.pseudonym.code, study.owner);
  const studyId = (await getStudy(db.kysely)).id;
  const secret = await withTransaction(db, (trx) => imagingSecret(trx, actor, studyId));
  const shift = dateShiftDays(secret, destination.participantCode);
  // The files carry the inbox shift already: moving every date by the difference gives the participant's shift.
  const delta = shift - study.pseudonym.dateShiftDays;
  const instances = await findInstances(db.kysely, { studyInstanceUid: study.studyInstanceUid });
  const images = new StoredImages(options.dataDir);
  const report = emptyReport();
  const written: { instance: StoredInstance; stored: StoredObject }[] = [];
  try {
    for (const instance of instances) {
      const result = deidentify(readDicom(await images.read(instance)), {
        secret,
        pseudonym: destination.participantCode,
        dateShiftDays: delta,
        keepUids: true,
      });
      mergeReport(report, result.report);
      const stored = await images
        .store(instance.store)
        .rewrite(instance.storeKey, writeDicom(result.meta, result.dataset), {
          study: instance.studyInstanceUid,
          series: instance.seriesInstanceUid,
          sop: instance.sopInstanceUid,
        });
      written.push({ instance, stored });
    }
    const rewrites: InstanceRewrite[] = written.map(({ instance, stored }) => ({
      sopInstanceUid: instance.sopInstanceUid,
      storeKey: stored.key,
      size: stored.size,
    }));
    await withTransaction(db, (trx) =>
      recordAssignment(trx, actor, {
        study,
        destination,
        dateShiftDays: shift,
        studyDate: study.studyDate ? (shiftDateValue('DA', study.studyDate, delta) ?? null) : null,
        rewrites,
        deidentification: report,
      }),
    );
  } catch (error) {
    for (const { instance, stored } of written)
      if (stored.created && stored.key !== instance.storeKey)
        await images.store(instance.store).discard(stored.key);
    throw error;
  }
  for (const { instance, stored } of written)
    if (stored.key !== instance.storeKey) await images.store(instance.store).discard(instance.storeKey);
  return {
    studyInstanceUid: study.studyInstanceUid,
    examId: destination.examId,
    examCode: destination.examCode,
    participantCode: destination.participantCode,
    instances: written.length,
  };
}
