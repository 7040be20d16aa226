import { json, type DicomJson, type JsonAttribute } from './json.ts';

/**
 * DICOM JSON as a blinded reader may see it (reading-workstation.md §G1/G2): the Patient module's identifier and
 * name become the exam code, every other attribute of the patient group (0010,xxxx: birth date, sex, age, size,
 * weight, other identifiers, comments) is not served, and the participant pseudonym is replaced wherever else it
 * appears (a study ID or a description the scanner copied it into), in sequences too.
 */
export function blindMetadata(metadata: DicomJson, pseudonym: string, examCode: string): DicomJson {
  const out = withoutPatient(metadata, pseudonym, examCode);
  out['00100010'] = json.name(examCode);
  out['00100020'] = json.text('LO', examCode);
  // DICOM JSON lists attributes in ascending order of tag (PS3.18 F.2.2).
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function withoutPatient(dataset: DicomJson, pseudonym: string, examCode: string): DicomJson {
  const out: DicomJson = {};
  for (const [tag, attribute] of Object.entries(dataset))
    if (!tag.startsWith('0010')) out[tag] = blindAttribute(attribute, pseudonym, examCode);
  return out;
}

function blindAttribute(attribute: JsonAttribute, pseudonym: string, examCode: string): JsonAttribute {
  if (!attribute.Value) return attribute;
  return {
    ...attribute,
    Value: attribute.Value.map((value) => {
      if (typeof value === 'string') return value.split(pseudonym).join(examCode);
      if (value && typeof value === 'object' && attribute.vr === 'SQ')
        return withoutPatient(value as DicomJson, pseudonym, examCode);
      if (value && typeof value === 'object' && 'Alphabetic' in value)
        return {
          Alphabetic: String((value as { Alphabetic: unknown }).Alphabetic)
            .split(pseudonym)
            .join(examCode),
        };
      return value;
    }),
  };
}
