import type { Database } from '../../db/connection.ts';
import { findInstances } from '../../db/repositories/imaging/qido.ts';
import { findExamSeries } from '../../db/repositories/imaging/series.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { middleFrame, niftiThumbnail, thumbnailPng } from '../../imaging/thumbnail.ts';

/** The PNG thumbnail of a series of an MRI exam: its middle frame (DICOM) or middle slice (NIfTI), windowed. */
export async function seriesThumbnail(
  db: Database,
  dataDir: string,
  examId: string,
  seriesInstanceUid: string,
): Promise<Buffer> {
  const series = await findExamSeries(db.kysely, examId, seriesInstanceUid);
  const images = new StoredImages(dataDir);
  if (series.format === 'nifti') return niftiThumbnail(await images.readNifti(series.fileKey));
  const instances = await findInstances(db.kysely, {
    studyInstanceUid: series.studyInstanceUid,
    seriesInstanceUid: series.seriesInstanceUid,
  });
  return thumbnailPng(await middleFrame(instances, (instance) => images.read(instance)));
}
