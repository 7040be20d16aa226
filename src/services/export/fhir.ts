import { fhirBundle } from '../../core/export/fhir/bundle.ts';
import type { ExportFormat } from './formats.ts';

export const FHIR_FILE = 'fhir-r4-bundle.json';

/** FHIR R4, one collection Bundle (src/core/export/fhir). */
export const fhirFormat: ExportFormat = {
  name: 'fhir',
  description:
    'FHIR R4 collection Bundle: ResearchStudy, pseudonymous Patients and ResearchSubjects, ImagingStudy per exam, Observations for scores, reading findings and sodium',
  reportsProgress: false,
  async write(snapshot, _context, out) {
    await out.write(FHIR_FILE, `${JSON.stringify(fhirBundle(snapshot), null, 2)}\n`);
    return [FHIR_FILE];
  },
};
