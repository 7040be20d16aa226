import { describe, expect, it } from 'vitest';
import {
  dictionaryJson,
  instrumentSchema,
  REDCAP_COLUMNS,
  REDCAP_RECORD_ID,
  redcapCsv,
  redcapRows,
  type RedcapRow,
} from './dictionary.ts';
import { INSTRUMENTS, getInstrument } from './registry.ts';

/** A small RFC 4180 reader, to check the CSV as REDCap will parse it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ',' && c !== '\r')) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else {
      // \r\n ends the record.
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
  }
  return rows;
}

const rows = redcapRows();
const byVariable = new Map(rows.map((r) => [r['Variable / Field Name'], r]));
const get = (variable: string): RedcapRow => {
  const row = byVariable.get(variable);
  if (!row) throw new Error(`no row ${variable}`);
  return row;
};

describe('REDCap data dictionary', () => {
  it('has exactly REDCap’s 18 columns, and 18 fields on every line', () => {
    const parsed = parseCsv(redcapCsv());
    expect(parsed[0]).toEqual([...REDCAP_COLUMNS]);
    expect(parsed[0]).toHaveLength(18);
    expect(parsed.length).toBe(rows.length + 1);
    for (const line of parsed) expect(line).toHaveLength(18);
    expect(parsed[1]![0]).toBe(REDCAP_RECORD_ID);
  });
  it('starts with the record identifier in the first form', () => {
    expect(rows[0]).toMatchObject({
      'Variable / Field Name': 'participant_code',
      'Form Name': 'demographics',
      'Required Field?': 'y',
    });
  });
  it('names variables and forms as REDCap requires: unique, lowercase, contiguous forms', () => {
    const names = rows.map((r) => r['Variable / Field Name']);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(name).not.toMatch(/__|_$/);
      expect(name.length).toBeLessThanOrEqual(100);
    }
    const forms = rows.map((r) => r['Form Name']);
    const order = forms.filter((f, i) => f !== forms[i - 1]);
    expect(new Set(order).size).toBe(order.length);
    expect(order).toEqual(
      INSTRUMENTS.flatMap((d) => [
        d.id.replace(/-/g, '_'),
        ...d.items.filter((i) => i.type === 'record-list').map((i) => `${d.id}_${i.id}`),
      ]),
    );
  });
  it('uses REDCap field types and validations only', () => {
    for (const row of rows) {
      expect(['text', 'notes', 'radio', 'dropdown', 'yesno', 'calc']).toContain(row['Field Type']);
      expect(['', 'integer', 'number', 'date_ymd']).toContain(
        row['Text Validation Type OR Show Slider Number'],
      );
      expect(row['Field Label']).not.toBe('');
    }
  });
  it('maps booleans to yesno, choices to radio with code, label pairs, and dates to date_ymd', () => {
    expect(get('acr_eular_2013_raynaud_phenomenon')['Field Type']).toBe('yesno');
    expect(get('smoking_smoking_status')).toMatchObject({
      'Field Type': 'radio',
      'Choices, Calculations, OR Slider Labels':
        'active, Active smoker | former, Former smoker | never, Never smoker',
    });
    expect(get('demographics_birth_date')).toMatchObject({
      'Text Validation Type OR Show Slider Number': 'date_ymd',
      'Identifier?': 'y',
    });
    expect(get('haq_di_grip_2')).toMatchObject({
      'Field Type': 'radio',
      'Section Header': '',
      'Choices, Calculations, OR Slider Labels':
        '0, Without any difficulty | 1, With some difficulty | 2, With much difficulty | 3, Unable to do',
    });
    expect(get('haq_di_grip_1')['Section Header']).toBe('Grip');
  });
  it('keeps ranges and units: integers and numbers validated with their limits', () => {
    expect(get('mrss_face')).toMatchObject({
      'Text Validation Type OR Show Slider Number': 'integer',
      'Text Validation Min': '0',
      'Text Validation Max': '3',
      'Required Field?': 'y',
    });
    expect(get('bmi_weight_kg')['Field Note']).toMatch(/^kg — > 0 — /);
    expect(get('capillaroscopy_density_per_mm')['Required Field?']).toBe('');
  });
  it('shows the screening rule in the field note', () => {
    expect(get('eligibility_ssc_meets_acr_eular_2013')['Field Note']).toMatch(/No excludes$/);
    expect(get('mri_safety_7t_transdermal_patch')['Field Note']).toMatch(/Yes requires a precaution$/);
    expect(get('eligibility_control_age_years')['Field Note']).toMatch(/Below 18 excludes$/);
  });
  it('turns a quantity into value, unit and a calculation of the canonical value from the same conversion table', () => {
    expect(get('labs_crp_value')['Text Validation Type OR Show Slider Number']).toBe('number');
    expect(get('labs_crp_unit')).toMatchObject({
      'Field Type': 'dropdown',
      'Choices, Calculations, OR Slider Labels': 'mg_l, mg/L | mg_dl, mg/dL',
    });
    expect(get('labs_crp_mg_l')).toMatchObject({
      'Field Type': 'calc',
      'Choices, Calculations, OR Slider Labels':
        "if([labs_crp_unit] = 'mg_l', [labs_crp_value] * 1 / 1, if([labs_crp_unit] = 'mg_dl', [labs_crp_value] * 10 / 1, ''))",
    });
  });
  it('numbers list entries, each shown once the previous one is filled', () => {
    expect(get('raynaud_condition_score_days_1')['Branching Logic (Show field only if...)']).toBe('');
    expect(get('raynaud_condition_score_days_14')['Branching Logic (Show field only if...)']).toBe(
      "[raynaud_condition_score_days_13] <> ''",
    );
    expect(byVariable.has('raynaud_condition_score_days_15')).toBe(false);
  });
  it('puts each list of records in a repeating form of its own', () => {
    expect(get('treatments_immunosuppressants_start_date')).toMatchObject({
      'Form Name': 'treatments_immunosuppressants',
      'Text Validation Type OR Show Slider Number': 'date_ymd',
      'Required Field?': '',
    });
    expect(get('treatments_vasoactive_drugs_drug')['Choices, Calculations, OR Slider Labels']).toContain(
      'iloprost, Iloprost',
    );
    expect(byVariable.has('treatments_immunosuppressants_1_drug')).toBe(false);
  });
  it('writes the labels and notes in French on request', () => {
    const fr = new Map(redcapRows(INSTRUMENTS, 'fr').map((r) => [r['Variable / Field Name'], r]));
    expect(fr.get('participant_code')?.['Field Label']).toBe('Code du participant');
    expect(fr.get('smoking_smoking_status')?.['Choices, Calculations, OR Slider Labels']).toBe(
      'active, Fumeur actif | former, Ancien fumeur | never, Non-fumeur',
    );
    expect(fr.get('eligibility_ssc_written_consent')?.['Field Note']).toMatch(/Non exclut$/);
  });
});

describe('JSON data dictionary', () => {
  it('lists every instrument as plain data, with what each item accepts', () => {
    const json = dictionaryJson();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.instruments.map((i) => i.id)).toEqual(INSTRUMENTS.map((d) => d.id));
  });
  it('describes items completely for a form renderer: type, range, unit, labels, help, rules', () => {
    const eustar = instrumentSchema(getInstrument('eustar-ai-2017'));
    expect(eustar).toMatchObject({ id: 'eustar-ai-2017', kind: 'scored', scores: true });
    expect(eustar.variants.map((v) => v.name)).toEqual(['dichotomous', 'hybrid']);
    expect(eustar.items.find((i) => i.id === 'crp_mg_l')).toMatchObject({
      type: 'number',
      min: 0,
      max: 1000,
      unit: 'mg/L',
      label: { en: 'C-reactive protein', fr: 'Protéine C réactive' },
      allowed: 'a number from 0 to 1000 (mg/L)',
    });
    const treatments = instrumentSchema(getInstrument('treatments'));
    const list = treatments.items.find((i) => i.id === 'immunosuppressants');
    expect(list?.type === 'record-list' && list.fields[0]).toMatchObject({
      id: 'drug',
      allowed: expect.stringContaining('methotrexate'),
    });
    expect(instrumentSchema(getInstrument('labs')).items.find((i) => i.id === 'crp')).toMatchObject({
      units: { 'mg/dL': { multiply: 10, divide: 1 } },
    });
    expect(instrumentSchema(getInstrument('smoking'))).toMatchObject({ kind: 'form', scores: false });
    expect(eustar.missingCodes.map((c) => c.code)).toEqual(['NASK', 'UNK', 'NA', 'ND']);
  });
});
