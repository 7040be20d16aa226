import { MISSING_CODE_LABELS, MISSING_CODES } from '../../instruments/types.ts';
import { redcapCsv } from '../../instruments/dictionary.ts';
import type { ExportFile } from '../csv/files.ts';
import type { ExportSnapshot } from '../snapshot.ts';
import {
  redcapEventsCsv,
  redcapInstrumentDesignationCsv,
  redcapRecordsCsv,
  redcapRepeatingForms,
} from './records.ts';

/** The REDCap export: the project's set-up files, the records, and the steps to load them in that order. */
export function redcapFiles(snapshot: ExportSnapshot): ExportFile[] {
  const { protocol } = snapshot.study;
  const readme = `# REDCap import of ${protocol.nctId}

Exported by Manus ${snapshot.manusVersion}${snapshot.identified ? ' (identified: real dates and identifying fields)' : ' (de-identified: participant codes, dates shifted per participant, no identifying fields)'}.

Load into a new REDCap project, in this order:

1. *Project Setup → Data Dictionary*: upload \`redcap_data_dictionary.csv\`.
2. *Project Setup → Enable longitudinal data collection*, then *Define My Events*: upload \`redcap_events.csv\`
   (one arm, one event per visit), and *Designate Instruments for My Events*: upload
   \`redcap_instrument_designation.csv\`.
3. *Project Setup → Repeating instruments and events*: make these forms repeating: ${redcapRepeatingForms(protocol).join(', ')}.
4. *Project Setup → Additional customizations → Missing Data Codes*: ${MISSING_CODES.map((c) => `\`${c}, ${MISSING_CODE_LABELS[c].en}\``).join(' | ')}.
5. *Data Import Tool*: upload \`redcap_records.csv\` (CSV, dates Y-M-D, records in rows).

Form status (\`<form>_complete\`): 0 in progress, 1 complete, 2 verified or signed in Manus.
`;
  return [
    { path: 'redcap_data_dictionary.csv', content: redcapCsv() },
    { path: 'redcap_events.csv', content: redcapEventsCsv(protocol) },
    { path: 'redcap_instrument_designation.csv', content: redcapInstrumentDesignationCsv(protocol) },
    { path: 'redcap_records.csv', content: redcapRecordsCsv(snapshot) },
    { path: 'README.md', content: readme },
  ];
}
