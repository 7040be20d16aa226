import { afterEach, beforeEach, expect, it } from 'vitest';
import { NCT04223817 } from '../../core/study/protocol.ts';
import { listAudit } from '../audit.ts';
import type { Database } from '../connection.ts';
import { describeEachEngine } from '../testing/engines.ts';
import { expectAuditChainIntact, testActor } from '../testing/fixtures.ts';
import { withTransaction } from '../transaction.ts';
import { ensureStudy, findStudy, getStudy } from './study.ts';

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
      message: expect.stringContaining('manus demo') as unknown,
    });
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
});
