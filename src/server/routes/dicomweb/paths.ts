import { z } from 'zod';
import type { StoredInstance } from '../../../core/imaging/records.ts';
import { dicomUid } from '../../schemas.ts';

/** What QIDO-RS and WADO-RS share: the base path, the media type of DICOM JSON, and the paths' parameters. */

export const DICOM_JSON = 'application/dicom+json';
export const BASE = '/api/dicomweb';

export const noParams = z.object({});
export const studyParams = z.object({ study: dicomUid });
export const seriesParams = studyParams.extend({ series: dicomUid });
export const instanceParams = seriesParams.extend({ instance: dicomUid });
export const frameParams = instanceParams.extend({
  frames: z
    .string()
    .regex(/^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,999}$/, 'must be frame numbers from 1, separated by commas'),
});

/** What a DICOMweb path names: a study, one of its series, one of their instances, or (searches) everything. */
export interface Scope {
  study?: string | undefined;
  series?: string | undefined;
  instance?: string | undefined;
}
export type RetrieveScope = Scope & { study: string };

/** The WADO-RS URL of a study, a series or an instance. */
export const wadoUrl = (scope: RetrieveScope): string =>
  [
    `${BASE}/studies/${scope.study}`,
    ...(scope.series ? [`series/${scope.series}`] : []),
    ...(scope.instance ? [`instances/${scope.instance}`] : []),
  ].join('/');

export const instanceUrl = (i: StoredInstance): string =>
  wadoUrl({ study: i.studyInstanceUid, series: i.seriesInstanceUid, instance: i.sopInstanceUid });
