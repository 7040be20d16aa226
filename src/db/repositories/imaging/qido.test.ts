import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InstanceRecord } from '../../../core/imaging/records.ts';
import type { Actor } from '../../actor.ts';
import type { Database } from '../../connection.ts';
import { describeEachEngine } from '../../testing/engines.ts';
import { withTransaction } from '../../transaction.ts';
import { recordInstances } from './import.ts';
import { findInstances, findSeries, findStudies } from './qido.ts';

const actor: Actor = { userId: null, username: 'tester', role: 'system', requestId: 'qido-test' };
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const page = { limit: 100, offset: 0 };

interface SeriesSpec {
  uid: string;
  number: number;
  description: string;
  modality: string;
  sopClassUid: string;
  instances: number;
}

function instances(study: { uid: string; code: string; date: string }, series: SeriesSpec): InstanceRecord[] {
  return Array.from({ length: series.instances }, (_, i) => ({
    pseudonym: { code: study.code, kind: 'inbox' as const, dateShiftDays: -30 },
    studyInstanceUid: study.uid,
    studyDate: study.date,
    seriesInstanceUid: series.uid,
    seriesNumber: series.number,
    seriesDescription: series.description,
    modality: series.modality,
    sopInstanceUid: `${series.uid}.${i + 1}`,
    sopClassUid: series.sopClassUid,
    instanceNumber: i + 1,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    rows: 4,
    columns: 4,
    frames: 1,
    acquisition: { nucleus: series.modality === 'MR' ? '1H' : null },
    burnedIn: false,
    storeKey: randomUUID().replaceAll('-', '').padEnd(64, '0'),
    size: 1000,
    original: null,
  }));
}

/** Two inbox studies whose series descriptions differ only in case, and one holding LIKE's own wild cards. */
const hand = { uid: '1.2.826.1.1', code: 'U-AAAA', date: '20250110' };
const followUp = { uid: '1.2.826.1.2', code: 'U-BBBB', date: '20250301' };
const records = [
  ...instances(hand, {
    uid: '1.2.826.1.1.1',
    number: 1,
    description: 'T1_vibe Hand',
    modality: 'MR',
    sopClassUid: MR_IMAGE,
    instances: 2,
  }),
  ...instances(followUp, {
    uid: '1.2.826.1.2.1',
    number: 1,
    description: 't1_vibe hand',
    modality: 'MR',
    sopClassUid: MR_IMAGE,
    instances: 1,
  }),
  ...instances(followUp, {
    uid: '1.2.826.1.2.2',
    number: 2,
    description: 'Dose 100%_x',
    modality: 'OT',
    sopClassUid: SECONDARY_CAPTURE,
    instances: 1,
  }),
];

describeEachEngine('QIDO-RS matching on the image records', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await engine.open();
    await withTransaction(db, (trx) =>
      recordInstances(trx, actor, randomUUID(), null, 'filesystem', records),
    );
  });
  afterAll(() => db.close());

  const descriptions = async (seriesDescription: string) =>
    (await findSeries(db.kysely, { seriesDescription, ...page })).map((s) => s.seriesDescription);

  it('matches * and ? wild cards in SeriesDescription, case-sensitively (PS3.4 C.2.2.2.4: only PN ignores case)', async () => {
    expect(await descriptions('T1*')).toEqual(['T1_vibe Hand']);
    expect(await descriptions('t1*')).toEqual(['t1_vibe hand']);
    expect(await descriptions('*Hand')).toEqual(['T1_vibe Hand']);
    expect((await descriptions('?1_vibe *')).sort()).toEqual(['T1_vibe Hand', 't1_vibe hand']);
    expect(await descriptions('T1_VIBE HAND')).toEqual([]);
    // Without a wild card the value matches whole, never as a prefix.
    expect(await descriptions('T1_vibe')).toEqual([]);
  });

  it("takes %, _ and \\ in a value literally: they are LIKE's wild cards, not DICOM's", async () => {
    expect(await descriptions('Dose 100%_x')).toEqual(['Dose 100%_x']);
    expect(await descriptions('Dose 1%')).toEqual([]);
    expect(await descriptions('T1%')).toEqual([]);
    expect(await descriptions('T1_vibe_Hand')).toEqual([]);
    expect(await descriptions('Dose 100%?x')).toEqual(['Dose 100%_x']);
    expect(await descriptions('Dose 100\\_x')).toEqual([]);
  });

  it('matches PatientID exactly, case included', async () => {
    expect(
      (await findStudies(db.kysely, { patientId: 'U-AAAA', ...page })).map((s) => s.studyInstanceUid),
    ).toEqual([hand.uid]);
    expect(await findStudies(db.kysely, { patientId: 'u-aaaa', ...page })).toEqual([]);
  });

  it('matches a list of UIDs as any of them (PS3.4 C.2.2.2.2); an empty list matches everything', async () => {
    const studies = await findStudies(db.kysely, { studyInstanceUid: [followUp.uid, '1.2.9.9'], ...page });
    expect(studies).toEqual([
      {
        studyInstanceUid: followUp.uid,
        patientId: 'U-BBBB',
        studyDate: '20250301',
        examId: null,
        modalities: ['MR', 'OT'],
        series: 2,
        instances: 2,
      },
    ]);
    expect(await findStudies(db.kysely, { studyInstanceUid: [], ...page })).toHaveLength(2);
    const series = await findSeries(db.kysely, {
      seriesInstanceUid: ['1.2.826.1.1.1', '1.2.826.1.2.2'],
      ...page,
    });
    expect(series.map((s) => s.seriesInstanceUid)).toEqual(['1.2.826.1.1.1', '1.2.826.1.2.2']);
    const found = await findInstances(db.kysely, {
      sopInstanceUid: ['1.2.826.1.1.1.2', '1.2.826.1.2.1.1'],
      sopClassUid: MR_IMAGE,
    });
    expect(
      found.map((i) => [i.studyInstanceUid, i.seriesInstanceUid, i.sopInstanceUid, i.instanceNumber]),
    ).toEqual([
      [hand.uid, '1.2.826.1.1.1', '1.2.826.1.1.1.2', 2],
      [followUp.uid, '1.2.826.1.2.1', '1.2.826.1.2.1.1', 1],
    ]);
    expect(await findInstances(db.kysely, { sopClassUid: [SECONDARY_CAPTURE] })).toHaveLength(1);
  });

  it('matches study date ranges inclusively at both ends, open at either', async () => {
    const uids = async (dateFrom?: string, dateTo?: string) =>
      (await findStudies(db.kysely, { dateFrom, dateTo, ...page })).map((s) => s.studyInstanceUid);
    expect(await uids('20250110', '20250110')).toEqual([hand.uid]);
    expect(await uids('20250111')).toEqual([followUp.uid]);
    expect(await uids(undefined, '20250301')).toEqual([hand.uid, followUp.uid]);
    expect(await uids('20250111', '20250228')).toEqual([]);
  });

  it('matches studies by the modalities of their series, and pages in UID order', async () => {
    const byModality = await findStudies(db.kysely, { modalities: ['OT', 'CT'], ...page });
    expect(byModality.map((s) => s.studyInstanceUid)).toEqual([followUp.uid]);
    const second = await findStudies(db.kysely, { limit: 1, offset: 1 });
    expect(second.map((s) => s.studyInstanceUid)).toEqual([followUp.uid]);
    const combined = await findSeries(db.kysely, {
      patientId: 'U-BBBB',
      modality: 'MR',
      seriesNumber: 1,
      ...page,
    });
    expect(combined.map((s) => s.seriesDescription)).toEqual(['t1_vibe hand']);
  });
});
