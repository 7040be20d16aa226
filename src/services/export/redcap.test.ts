import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseCsvObjects } from '../../core/export/csv/parse.ts';
import { REDCAP_RECORD_COLUMNS } from '../../core/export/redcap/records.ts';
import { MISSING_CODES } from '../../core/instruments/types.ts';
import type { Database } from '../../db/connection.ts';
import { TEST_ENGINES } from '../../db/testing/engines.ts';
import { testActor } from '../../db/testing/fixtures.ts';
import { folderOutput } from './output.ts';
import { runExport } from './run.ts';
import { openExportTestStudy } from './testing.ts';

/**
 * No REDCap validator runs offline: these are REDCap's import rules, checked on the export of a small study —
 * the header REDCap expects, every column a dictionary field of the right form, events and repeating forms that
 * the set-up files declare, and values that the dictionary's field types and choices accept.
 */

type Row = Record<string, string>;

describe('REDCap export', () => {
  let db: Database;
  let folder: string;
  let identifiedFolder: string;
  const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
  let header: string[];
  let records: Row[];
  let dictionary: Row[];
  beforeAll(async () => {
    db = await openExportTestStudy(TEST_ENGINES[0]!);
    folder = mkdtempSync(join(tmpdir(), 'manus-redcap-'));
    identifiedFolder = mkdtempSync(join(tmpdir(), 'manus-redcap-id-'));
    await runExport(db, testActor, { format: 'redcap', identified: false }, folderOutput(folder));
    await runExport(db, testActor, { format: 'redcap', identified: true }, folderOutput(identifiedFolder));
    header = parseCsv(read(folder, 'redcap_records.csv'))[0]!;
    records = parseCsvObjects(read(folder, 'redcap_records.csv'));
    dictionary = parseCsvObjects(read(folder, 'redcap_data_dictionary.csv'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(identifiedFolder, { recursive: true, force: true });
  });

  const field = (name: string) => dictionary.find((d) => d['Variable / Field Name'] === name);

  it('has the header of a longitudinal project with repeating forms: record, event, repeat columns, then fields', () => {
    expect(header.slice(0, 4)).toEqual([...REDCAP_RECORD_COLUMNS]);
    expect(header[0]).toBe(dictionary[0]!['Variable / Field Name']);
    expect(new Set(header).size).toBe(header.length);
    for (const name of header) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(read(folder, 'redcap_records.csv')).toMatch(/^participant_code,redcap_event_name,/);
  });

  it('uses only dictionary fields (no calculated ones), each form closed by its <form>_complete', () => {
    const forms = new Set(dictionary.map((d) => d['Form Name']));
    let currentForm: string | null = null;
    for (const name of header.slice(4)) {
      const complete = /^(.*)_complete$/.exec(name)?.[1];
      if (complete && forms.has(complete)) {
        expect(currentForm === null || currentForm === complete).toBe(true);
        currentForm = null;
        continue;
      }
      const row = field(name);
      expect(row, name).toBeDefined();
      expect(row!['Field Type']).not.toBe('calc');
      if (currentForm !== null) expect(row!['Form Name']).toBe(currentForm);
      currentForm = row!['Form Name']!;
    }
  });

  it('names only declared events, repeating forms and event–form pairs', () => {
    const events = parseCsvObjects(read(folder, 'redcap_events.csv')).map((e) => e.unique_event_name);
    expect(events).toEqual(['v0_arm_1', 'v1_arm_1']);
    const designated = new Set(
      parseCsvObjects(read(folder, 'redcap_instrument_designation.csv')).map(
        (d) => `${d.unique_event_name}:${d.form}`,
      ),
    );
    for (const r of records) {
      expect(events).toContain(r.redcap_event_name);
      const filled = header.filter((h) => h.endsWith('_complete') && r[h] !== '').map((h) => h.slice(0, -9));
      expect(filled.length).toBeGreaterThan(0);
      for (const form of filled) expect(designated.has(`${r.redcap_event_name}:${form}`), form).toBe(true);
      if (r.redcap_repeat_instrument) {
        expect(read(folder, 'README.md')).toContain(r.redcap_repeat_instrument);
        expect(filled).toEqual([r.redcap_repeat_instrument]);
      }
    }
  });

  it('writes values the dictionary accepts: yesno 0/1, choice codes, Y-M-D dates, numbers, missing-data codes', () => {
    for (const r of records) {
      for (const [name, value] of Object.entries(r)) {
        const f = field(name);
        if (!f || value === '' || name === header[0]) continue;
        if ((MISSING_CODES as readonly string[]).includes(value)) continue;
        const type = f['Field Type'];
        const validation = f['Text Validation Type OR Show Slider Number'];
        if (type === 'yesno') expect(value, name).toMatch(/^[01]$/);
        else if (type === 'radio' || type === 'dropdown') {
          const codes = f['Choices, Calculations, OR Slider Labels']!.split(' | ').map(
            (c) => c.split(', ')[0],
          );
          expect(codes, name).toContain(value);
        } else if (validation === 'date_ymd') expect(value, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        else if (validation === 'integer') expect(value, name).toMatch(/^-?\d+$/);
        else if (validation === 'number') expect(Number.isFinite(Number(value)), name).toBe(true);
      }
    }
  });

  it('writes treatments as instances of their repeating form, and missing-data codes as values', () => {
    const drugs = records.filter((r) => r.redcap_repeat_instrument === 'treatments_immunosuppressants');
    expect(drugs.map((r) => [r.participant_code, r.redcap_event_name, r.redcap_repeat_instance])).toEqual([
      ['P-0001', 'v1_arm_1', '1'],
      ['P-0001', 'v1_arm_1', '2'],
    ]);
    expect(drugs[1]).toMatchObject({
      treatments_immunosuppressants_drug: 'other',
      treatments_immunosuppressants_complete: '1',
    });
    const v1 = records.find(
      (r) =>
        r.participant_code === 'P-0001' && r.redcap_event_name === 'v1_arm_1' && !r.redcap_repeat_instrument,
    )!;
    expect(v1).toMatchObject({
      labs_crp_value: 'NASK',
      labs_crp_unit: '',
      bmi_complete: '2',
      redcap_repeat_instance: '',
    });
  });

  it('leaves identifying fields out unless identified', () => {
    expect(header).not.toContain('demographics_birth_date');
    const identified = parseCsvObjects(read(identifiedFolder, 'redcap_records.csv'));
    expect(identified.find((r) => r.participant_code === 'P-0001')).toMatchObject({
      demographics_birth_date: '1970-05-14',
    });
  });
});
