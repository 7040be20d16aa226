/**
 * Browser accessibility test: axe-core (WCAG 2.0 and 2.1, A and AA) on every page of the web app, in English and in
 * French, each as the role that uses it, with the demo data filling the pages. Any serious or critical violation
 * fails; the count of violations per page is printed either way. Same set-up as app.e2e.test.ts (./support.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalizedText } from '../../src/core/instruments/types.ts';
import { getInstrument } from '../../src/core/instruments/registry.ts';
import { accessibilityViolations, blockingViolations, type Violation } from './accessibility.ts';
import { browserTestsEnabled, startE2E, type E2E } from './support.ts';

/** A page to check: where it is, the level-1 heading that shows it has rendered, and what to open on it first. */
interface Visit {
  name: string;
  path: string;
  heading: string | RegExp;
  open?: (page: Page) => Promise<void>;
}

interface Checked {
  page: string;
  violations: Violation[];
}

/** Waits until the page shows its heading and has loaded its data: no request in flight, no spinner left. */
async function settle(page: Page, heading: Visit['heading']): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.mantine-Loader-root').count()).toBe(0);
}

describe.skipIf(!browserTestsEnabled())('accessibility of every page in Chromium', () => {
  let e2e: E2E;
  const checked: Checked[] = [];
  /** A completed SSc participant: forms filled in at V1, an MRI exam with its sodium quantification. */
  let completed = '';
  let examId = '';
  /** The form of an open data query, which shows the query panel, and its title. */
  let queriedForm = '';
  let queriedTitle: LocalizedText = { en: '', fr: '' };

  beforeAll(async () => {
    e2e = await startE2E();
    const investigator = e2e.account('investigator');
    const list = await e2e.api(investigator, 'GET', '/api/participants?arm=ssc&status=completed');
    completed = (list.body as { items: { code: string }[] }).items[0]!.code;
    const detail = await e2e.api(investigator, 'GET', `/api/participants/${completed}`);
    examId = (detail.body as { exams: { id: string }[] }).exams[0]!.id;
    const queries = await e2e.api(investigator, 'GET', '/api/queries?status=open');
    const query = (
      queries.body as { items: { participantCode: string; visitCode: string; instrumentId: string }[] }
    ).items[0]!;
    queriedForm = `/participants/${query.participantCode}/forms/${query.visitCode}/${query.instrumentId}`;
    queriedTitle = getInstrument(query.instrumentId).title;
  }, 240_000);

  afterAll(async () => {
    if (checked.length > 0) {
      const lines = checked.map(({ page, violations }) => {
        const blocking = blockingViolations(violations).reduce((sum, v) => sum + v.elements, 0);
        const all = violations.reduce((sum, v) => sum + v.elements, 0);
        const rules = violations.map((v) => `${v.rule} (${v.impact}, ${v.elements})`).join(', ');
        return `  ${page.padEnd(34)} ${String(blocking).padStart(3)} serious or critical, ${all} in all${rules ? `: ${rules}` : ''}`;
      });
      process.stdout.write(
        `[web e2e] axe-core WCAG 2.1 A/AA violations (elements) per page:\n${lines.join('\n')}\n`,
      );
    }
    await e2e?.close();
  });

  /**
   * Checks each visit in turn in one browser context, logged in as `role` (or not at all), and fails at the end
   * with the serious and critical violations of every page, so that one page does not hide the others.
   */
  async function checkPages(role: string | null, locale: 'en-GB' | 'fr-FR', visits: Visit[]): Promise<void> {
    const { context, page } = await e2e.newPage({ locale });
    const failures: Record<string, Violation[]> = {};
    try {
      if (role) await e2e.logIn(page, e2e.account(role));
      for (const visit of visits) {
        await page.goto(`${e2e.baseUrl}${visit.path}`);
        await settle(page, visit.heading);
        await visit.open?.(page);
        const violations = await accessibilityViolations(page);
        const name = `${visit.name} (${locale.slice(0, 2)})`;
        checked.push({ page: name, violations });
        const blocking = blockingViolations(violations);
        if (blocking.length > 0) failures[name] = blocking;
      }
    } finally {
      await context.close();
    }
    expect(failures).toEqual({});
    expect(e2e.pageErrors).toEqual([]);
  }

  /** Opens a dialog with a button and waits for it, so that the check covers the dialog over its page. */
  const openDialog = (button: string) => async (page: Page) => {
    await page.getByRole('button', { name: button, exact: true }).first().click();
    await page.getByRole('dialog').waitFor();
  };

  /** Waits for the queries panel of a form, which loads after the form. */
  const queriesShown = (title: string) => async (page: Page) => {
    await page.getByRole('heading', { name: title }).waitFor();
  };

  it('finds no serious violation on the login page', async () => {
    await checkPages(null, 'en-GB', [{ name: 'login', path: '/login', heading: 'Log in' }]);
    await checkPages(null, 'fr-FR', [{ name: 'login', path: '/login', heading: 'Connexion' }]);
  }, 60_000);

  it("finds no serious violation on the investigator's pages, in English", async () => {
    await checkPages('investigator', 'en-GB', [
      { name: 'dashboard', path: '/', heading: 'Study dashboard' },
      { name: 'participants', path: '/participants', heading: 'Participants' },
      {
        name: 'new participant dialog',
        path: '/participants',
        heading: 'Participants',
        open: openDialog('New participant'),
      },
      { name: 'participant', path: `/participants/${completed}`, heading: completed },
      {
        name: 'edit participant dialog',
        path: `/participants/${completed}`,
        heading: completed,
        open: openDialog('Edit'),
      },
      {
        name: 'form (mRSS)',
        path: `/participants/${completed}/forms/V1/mrss`,
        heading: 'Modified Rodnan skin score',
      },
      {
        name: 'form with a query',
        path: queriedForm,
        heading: queriedTitle.en,
        open: queriesShown('Queries on this form'),
      },
      { name: 'exam with sodium', path: `/participants/${completed}/exams/${examId}`, heading: /^MR-/ },
      { name: 'screening log', path: '/screening-log', heading: 'Screening log' },
      { name: 'queries', path: '/queries', heading: 'Data queries' },
      { name: 'image inbox', path: '/imaging/inbox', heading: 'Image inbox' },
      { name: 'page not found', path: '/no-such-page', heading: 'Page not found' },
    ]);
  }, 120_000);

  it("finds no serious violation on the investigator's pages, in French", async () => {
    await checkPages('investigator', 'fr-FR', [
      { name: 'dashboard', path: '/', heading: 'Tableau de bord de l’étude' },
      { name: 'participants', path: '/participants', heading: 'Participants' },
      { name: 'participant', path: `/participants/${completed}`, heading: completed },
      {
        name: 'form (mRSS)',
        path: `/participants/${completed}/forms/V1/mrss`,
        heading: 'Score de Rodnan modifié',
      },
      {
        name: 'form with a query',
        path: queriedForm,
        heading: queriedTitle.fr,
        open: queriesShown('Demandes de correction sur ce formulaire'),
      },
      { name: 'exam with sodium', path: `/participants/${completed}/exams/${examId}`, heading: /^MR-/ },
      { name: 'screening log', path: '/screening-log', heading: 'Registre de présélection' },
      { name: 'queries', path: '/queries', heading: 'Demandes de correction' },
      { name: 'image inbox', path: '/imaging/inbox', heading: 'Boîte de réception des images' },
    ]);
  }, 120_000);

  it("finds no serious violation on the radiologist's worklist, in English and in French", async () => {
    await checkPages('radiologist', 'en-GB', [
      { name: 'worklist', path: '/worklist', heading: 'Reading worklist' },
      { name: 'no access', path: `/participants/${completed}`, heading: 'No access to this page' },
    ]);
    await checkPages('radiologist', 'fr-FR', [
      { name: 'worklist', path: '/worklist', heading: 'Liste de lecture' },
    ]);
  }, 60_000);

  it("finds no serious violation on the administrator's pages, in English and in French", async () => {
    const verify = async (page: Page) => {
      await page
        .getByRole('button', { name: /^(Verify the audit trail|Vérifier la piste d’audit)$/ })
        .click();
      await page.getByRole('status').waitFor();
    };
    await checkPages('admin', 'en-GB', [
      { name: 'users', path: '/admin/users', heading: 'Users' },
      { name: 'add user dialog', path: '/admin/users', heading: 'Users', open: openDialog('Add user') },
      { name: 'audit trail verified', path: '/admin/audit', heading: 'Audit trail integrity', open: verify },
      { name: 'original images', path: '/admin/originals', heading: 'Original images (quarantine)' },
    ]);
    await checkPages('admin', 'fr-FR', [
      { name: 'users', path: '/admin/users', heading: 'Utilisateurs' },
      {
        name: 'audit trail verified',
        path: '/admin/audit',
        heading: 'Intégrité de la piste d’audit',
        open: verify,
      },
    ]);
  }, 90_000);
});
