import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getInstrument, INSTRUMENTS } from '../../instruments/registry.ts';
import type { QuantityItem } from '../../instruments/types.ts';
import { NCT04223817 } from '../../study/protocol.ts';
import { odmDocument } from './document.ts';
import type { OdmFormChange, OdmInput } from './input.ts';
import { ODM_XSD, odmMeaningProblems, odmSchemaErrors, odmSubjectsReadBack } from './testing.ts';

const ntProbnp = getInstrument('labs').items.find((i) => i.id === 'nt_probnp') as QuantityItem;
const [firstUnit, secondUnit] = Object.keys(ntProbnp.units);

const change = (
  at: string,
  values: OdmFormChange['values'],
  extra: Partial<OdmFormChange> = {},
): OdmFormChange => ({
  at,
  values,
  missingCodes: {},
  total: null,
  username: 'investigator',
  role: 'investigator',
  reason: null,
  auditSeq: 1,
  ...extra,
});

function input(): OdmInput {
  return {
    protocol: NCT04223817,
    instruments: INSTRUMENTS,
    users: [
      { username: 'investigator', displayName: 'Dr Investigator', role: 'investigator' },
      { username: 'datamanager', displayName: 'Data Manager', role: 'data_manager' },
    ],
    createdAt: '2026-12-06T12:00:00.000Z',
    manusVersion: '0.0.0-test',
    subjects: [
      {
        code: 'P-0001',
        arm: 'ssc',
        readings: [
          {
            examCode: 'MR-0001',
            kind: 'consensus',
            finalizedAt: '2026-01-20T10:00:00.000Z',
            findings: [
              { site: 'R.bone.lunate', item: 'erosion', value: 2 },
              { site: 'L.region.palm', item: 'calcinosis', value: true },
              { site: 'R.artery.digital.3.radial', item: 'artery_status', value: 'occluded' },
              { site: 'series:1.2.826.0.1.3680043.2.1125.1', item: 'image_quality', value: 'diagnostic' },
            ],
          },
        ],
        forms: [
          {
            visitCode: 'V1',
            instrumentId: 'mrss',
            history: [
              change('2026-01-10T09:00:00.000Z', { face: 1 }, { auditSeq: 10 }),
              change(
                '2026-01-11T09:00:00.000Z',
                { face: 2, anterior_chest: 0 },
                {
                  total: 2,
                  reason: 'Transcription error',
                  username: 'datamanager',
                  role: 'data_manager',
                  auditSeq: 11,
                },
              ),
            ],
            signature: { username: 'investigator', at: '2026-01-12T09:00:00.000Z', meaning: 'approval' },
          },
          {
            visitCode: 'V1',
            instrumentId: 'labs',
            history: [
              change('2026-01-10T10:00:00.000Z', { nt_probnp: { value: 0.125, unit: firstUnit! } }),
              change(
                '2026-01-10T10:05:00.000Z',
                { nt_probnp: { value: 125, unit: secondUnit! } },
                { reason: 'Unit' },
              ),
            ],
            signature: null,
          },
          {
            visitCode: 'V1',
            instrumentId: 'smoking',
            history: [change('2026-01-10T11:00:00.000Z', {}, { missingCodes: { pack_years: 'UNK' } })],
            signature: null,
          },
          {
            visitCode: 'V1',
            instrumentId: 'treatments',
            history: [
              change('2026-01-10T12:00:00.000Z', {
                immunosuppressants: [
                  { drug: 'methotrexate', other_name: null, start_date: '2020-03-15', end_date: null },
                  {
                    drug: 'other',
                    other_name: 'Drug\u0001 <x> & co',
                    start_date: '2021-01-15',
                    end_date: null,
                  },
                ],
              }),
              change(
                '2026-01-12T12:00:00.000Z',
                {
                  immunosuppressants: [
                    { drug: 'methotrexate', other_name: null, start_date: '2020-03-15', end_date: null },
                  ],
                },
                { reason: 'Entered twice' },
              ),
            ],
            signature: null,
          },
          {
            visitCode: 'V1',
            instrumentId: 'raynaud-condition-score',
            history: [change('2026-01-10T13:00:00.000Z', { days: [1, 2, 3, 4, 5, 6, 7] }, { total: 4 })],
            signature: null,
          },
        ],
      },
    ],
  };
}

describe('ODM 1.3.2 export', () => {
  const written = input();
  const xml = odmDocument(written);

  it('validates against the ODM 1.3.2 schema, and every OID, DataType, code and timestamp holds', () => {
    expect(odmSchemaErrors(xml)).toEqual([]);
    expect(odmMeaningProblems(xml)).toEqual([]);
  });

  it('replays an item’s history in time order, one AuditRecord per change, with the reason for change', () => {
    const face = [...xml.matchAll(/<ItemData ItemOID="I\.mrss\.face"[\s\S]*?<\/ItemData>/g)].map((m) => m[0]);
    expect(face).toHaveLength(2);
    expect(face[0]).toMatch(/TransactionType="Insert" Value="1"/);
    expect(face[0]).toContain('<UserRef UserOID="USR.investigator"/>');
    expect(face[0]).not.toContain('ReasonForChange');
    expect(face[1]).toMatch(/TransactionType="Update" Value="2"/);
    expect(face[1]).toContain('EditPoint="DataManagement"');
    expect(face[1]).toContain('<ReasonForChange>Transcription error</ReasonForChange>');
    expect(face[1]).toContain('<SourceID>manus-audit:11</SourceID>');
    expect(xml).toMatch(/<ItemData ItemOID="I\.mrss\.TOTAL" TransactionType="Insert" Value="2">/);
    expect(xml).toMatch(
      /<SignatureRef SignatureOID="SD\.approval"\/>\s*<DateTimeStamp>2026-01-12T09:00:00.000Z/,
    );
  });

  it('removes a deleted repeating entry and keeps the quantity’s unit with each value', () => {
    const removed = xml.match(
      /<ItemGroupData ItemGroupOID="IG\.treatments\.immunosuppressants" TransactionType="Upsert" ItemGroupRepeatKey="2">[\s\S]*?<\/ItemGroupData>/,
    )![0];
    expect(removed).toMatch(
      /ItemOID="I\.treatments\.immunosuppressants\.drug" TransactionType="Insert" Value="other"/,
    );
    expect(removed).toMatch(/ItemOID="I\.treatments\.immunosuppressants\.drug" TransactionType="Remove">/);
    expect(removed).toContain('Value="Drug &lt;x&gt; &amp; co"');
    const probnp = [...xml.matchAll(/<ItemData ItemOID="I\.labs\.nt_probnp"[\s\S]*?<\/ItemData>/g)].map(
      (m) => m[0],
    );
    expect(probnp[0]).toContain(
      `<MeasurementUnitRef MeasurementUnitOID="MU.${firstUnit!.replace('/', '_')}"/>`,
    );
    expect(probnp[1]).toMatch(/TransactionType="Update" Value="125"/);
  });

  it('writes a missing-data code as a null value flagged from the missing-code list', () => {
    expect(xml).toMatch(
      /<ItemData ItemOID="I\.smoking\.pack_years" TransactionType="Insert" IsNull="Yes">[\s\S]*?<FlagValue CodeListOID="CL\.MISSING">UNK<\/FlagValue>/,
    );
  });

  it('writes the arm in an enrolment form at the first visit, coded from the protocol’s arms', () => {
    expect(xml).toMatch(
      /<StudyEventData StudyEventOID="SE\.V0" TransactionType="Upsert">\s*<FormData FormOID="F\.ENROLMENT" TransactionType="Upsert">\s*<ItemGroupData ItemGroupOID="IG\.ENROLMENT" TransactionType="Upsert">\s*<ItemData ItemOID="I\.ENROLMENT\.ARM" TransactionType="Insert" Value="ssc"\/>/,
    );
    expect(xml).toMatch(
      /<CodeList OID="CL\.ARM" Name="arm" DataType="text">\s*<CodeListItem CodedValue="ssc" OrderNumber="1">\s*<Decode>\s*<TranslatedText xml:lang="en">Systemic sclerosis<\/TranslatedText>\s*<TranslatedText xml:lang="fr">Sclérodermie systémique</,
    );
  });

  it('writes each final reading as a repeating form at the MRI visit, one repeating group per finding', () => {
    const form = xml.match(
      /<FormData FormOID="F\.MRI_READING" TransactionType="Upsert" FormRepeatKey="1">[\s\S]*?<\/FormData>/,
    )![0];
    expect(xml.indexOf(form)).toBeGreaterThan(xml.indexOf('<StudyEventData StudyEventOID="SE.V1"'));
    expect(form).toContain(
      '<ItemData ItemOID="I.MRI_READING.EXAM_CODE" TransactionType="Insert" Value="MR-0001"/>',
    );
    expect(form).toContain(
      '<ItemData ItemOID="I.MRI_READING.FINAL_KIND" TransactionType="Insert" Value="consensus"/>',
    );
    expect(form).toContain(
      '<ItemData ItemOID="I.MRI_READING.FINALIZED_AT" TransactionType="Insert" Value="2026-01-20T10:00:00.000Z"/>',
    );
    const findings = [
      ...form.matchAll(
        /<ItemGroupData ItemGroupOID="IG\.MRI_READING\.FINDING" [^>]*ItemGroupRepeatKey="(\d+)">([\s\S]*?)<\/ItemGroupData>/g,
      ),
    ].map((m) => [
      m[1],
      [
        ...m[2]!.matchAll(
          /ItemOID="I\.MRI_READING\.FINDING\.(\w+)" TransactionType="Insert" Value="([^"]*)"/g,
        ),
      ]
        .map((v) => `${v[1]}=${v[2]}`)
        .join(' '),
    ]);
    expect(findings).toEqual([
      ['1', 'SITE=R.bone.lunate ITEM=erosion GRADE=2'],
      ['2', 'SITE=L.region.palm ITEM=calcinosis PRESENT=1'],
      ['3', 'SITE=R.artery.digital.3.radial ITEM=artery_status OPTION=occluded'],
      ['4', 'SERIES_UID=1.2.826.0.1.3680043.2.1125.1 ITEM=image_quality OPTION=diagnostic'],
    ]);
    expect(xml).toMatch(/<FormDef OID="F\.MRI_READING" Name="mri_reading" Repeating="Yes">/);
    expect(xml).toMatch(
      /<ItemGroupDef OID="IG\.MRI_READING\.FINDING" Name="mri_reading\.finding" Repeating="Yes">/,
    );
  });

  it('reads back the arm and every final finding as written, values typed by their scale', () => {
    expect(odmSubjectsReadBack(xml)).toEqual(
      written.subjects.map((s) => ({ code: s.code, arm: s.arm, readings: s.readings })),
    );
  });

  it('its checks fail on a dangling OID, a value of the wrong type, a code outside its list and a late timestamp', () => {
    const broken = xml
      .replace('<ItemData ItemOID="I.mrss.face"', '<ItemData ItemOID="I.DOES_NOT_EXIST"')
      .replace('TransactionType="Insert" Value="2">', 'TransactionType="Insert" Value="2,5">')
      .replace(' Value="methotrexate"', ' Value="aspirin"')
      .replace('<DateTimeStamp>2026-01-10T09:00:00.000Z', '<DateTimeStamp>2027-01-10T09:00:00.000Z')
      .replace(' Value="R.bone.lunate"', ' Value="R.bone.nowhere"')
      .replace('Value="ssc"/>', 'Value="scleroderma"/>');
    expect(odmSchemaErrors(broken)).toEqual([]);
    const problems = odmMeaningProblems(broken);
    expect(problems).toContain('ItemData ItemOID="I.DOES_NOT_EXIST" resolves to no ItemDef');
    expect(problems).toContain('I.mrss.TOTAL: "2,5" is not a float');
    expect(problems).toContain(
      'I.treatments.immunosuppressants.drug: "aspirin" is not in code list CL.treatments.immunosuppressants.drug',
    );
    expect(problems).toContain(
      'I.MRI_READING.FINDING.SITE: "R.bone.nowhere" is not in code list CL.MRI_READING.SITE',
    );
    expect(problems).toContain('I.ENROLMENT.ARM: "scleroderma" is not in code list CL.ARM');
    expect(problems.some((p) => p.includes('is after CreationDateTime'))).toBe(true);
  });

  it('the schema rejects elements out of order', () => {
    const swapped = xml.replace('<GlobalVariables>', '<GlobalVariables><ProtocolName>x</ProtocolName>');
    expect(odmSchemaErrors(swapped).join('\n')).toMatch(/ProtocolName.*not expected/);
  });

  it('xmllint accepts it too (when libxml2-utils is installed)', (context) => {
    const found = spawnSync('xmllint', ['--version']).status === 0;
    if (!found) {
      if (process.env.MANUS_REQUIRE_REFERENCE_TOOLS === '1')
        throw new Error('xmllint (libxml2-utils) is required');
      context.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'manus-odm-'));
    try {
      writeFileSync(join(dir, 'odm.xml'), xml);
      const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', ODM_XSD, join(dir, 'odm.xml')], {
        encoding: 'utf8',
      });
      expect(result.stderr).toContain('validates');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
