import { afterEach, beforeEach, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
import { listAudit } from '../audit.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { expectAuditChainIntact, testActor } from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { createStudy, ensureStudy, findStudy, getStudy } from './study.ts';

describeEachEngine('study repository', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
  });
  afterEach(() => db.close());

  it('reports a missing study as not found, telling how to create one', async () => {
    expect(await findStudy(db.kysely)).toBeUndefined();
    await expect(getStudy(db.kysely)).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringMatching(/manus demo.*manus study init/) as unknown,
    });
  });

  it('keeps the study it reads outside a transaction, frozen, but not one seen in a transaction rolled back', async () => {
    await expect(
      withTransaction(db, async (trx) => {
        await createStudy(trx, testActor, { synthetic: false });
        expect(await findStudy(trx)).toBeDefined();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await findStudy(db.kysely)).toBeUndefined();
    const created = await withTransaction(db, (trx) => createStudy(trx, testActor, { synthetic: false }));
    const kept = await getStudy(db.kysely);
    expect(kept).toEqual(created);
    expect(await getStudy(db.kysely)).toBe(kept);
    expect(Object.isFrozen(kept.protocol.arms)).toBe(true);
  });

  it('creates the study and its site from the protocol, audited once', async () => {
    const study = await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: true }));
    expect(study).toMatchObject({
      synthetic: true,
      siteCode: NCT04223817.site.code,
      siteName: NCT04223817.site.name,
      protocol: { nctId: 'NCT04223817' },
    });
    expect(await getStudy(db.kysely)).toEqual(study);
    expect(await listAudit(db.kysely)).toMatchObject([
      {
        action: 'study.create',
        entityType: 'study',
        entityId: study.id,
        before: null,
        after: { nctId: 'NCT04223817', synthetic: true, site: NCT04223817.site },
      },
    ]);
  });

  it('keeps the existing study when asked again, writing nothing', async () => {
    const first = await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: true }));
    const again = await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: false }));
    expect(again).toEqual(first);
    expect(await listAudit(db.kysely)).toHaveLength(1);
    await expectAuditChainIntact(db);
  });

  it('creates the real study at the given site, and refuses a second study or one over the demo', async () => {
    const site = { code: 'POI-2', name: 'CHU de Poitiers — Rhumatologie' };
    const study = await withTransaction(db, (trx) => createStudy(trx, testActor, { synthetic: false, site }));
    expect(study).toMatchObject({ synthetic: false, siteCode: 'POI-2', siteName: site.name });
    expect(study.protocol.site).toEqual(site);
    await expect(
      withTransaction(db, (trx) => createStudy(trx, testActor, { synthetic: false })),
    ).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('already exists') as unknown,
    });
    expect(await listAudit(db.kysely)).toMatchObject([
      { action: 'study.create', after: { nctId: 'NCT04223817', synthetic: false, site } },
    ]);
    await expectAuditChainIntact(db);
  });

  it('names the demo when refusing to create a study over it', async () => {
    await withTransaction(db, (trx) => ensureStudy(trx, testActor, { synthetic: true }));
    await expect(
      withTransaction(db, (trx) => createStudy(trx, testActor, { synthetic: false })),
    ).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('SYNTHETIC demo') as unknown,
    });
    expect((await getStudy(db.kysely)).synthetic).toBe(true);
  });

  it('refuses an ill-formed site, naming each field, and writes nothing', async () => {
    await expect(
      withTransaction(db, (trx) =>
        createStudy(trx, testActor, { synthetic: false, site: { code: 'poi site', name: '  ' } }),
      ),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [
        { path: 'siteCode', code: 'pattern' },
        { path: 'siteName', code: 'out_of_range' },
      ],
    });
    expect(await findStudy(db.kysely)).toBeUndefined();
    expect(await listAudit(db.kysely)).toEqual([]);
  });
});
