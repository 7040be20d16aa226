import { odmDocument } from '../../core/export/odm/document.ts';
import { odmInputFromSnapshot } from '../../core/export/odm/from-snapshot.ts';
import type { ExportFormat } from './formats.ts';

export const ODM_FILE = 'odm-1.3.2.xml';

/** CDISC ODM 1.3.2, one Transactional file (src/core/export/odm). */
export const odmFormat: ExportFormat = {
  name: 'odm',
  description:
    'CDISC ODM 1.3.2 (Transactional): metadata from the instruments, users and site, every item’s history with its audit records, form signatures, the arms and the final MRI readings',
  reportsProgress: false,
  async write(snapshot, _context, out) {
    await out.write(ODM_FILE, odmDocument(odmInputFromSnapshot(snapshot)));
    return [ODM_FILE];
  },
};
