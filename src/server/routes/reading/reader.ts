import { z } from 'zod';
import { draftSavedSchema, taskViewSchema, worklistSchema } from '../../../core/api/reading-responses.ts';
import { adjudicateBody, draftBody, draftPatchBody, signatureBody } from '../../../core/api/reading.ts';
import type { StoredTask } from '../../../db/repositories/reading/tasks.ts';
import { can } from '../../../core/security/roles.ts';
import { StoredImages } from '../../../imaging/dicomweb/retrieve.ts';
import { adjudicate } from '../../../services/reading/adjudicate.ts';
import { patchDraft, saveDraft } from '../../../services/reading/draft.ts';
import { submitRead } from '../../../services/reading/submit.ts';
import { taskView, worklist } from '../../../services/reading/views.ts';
import { defineRoute, type RouteDef } from '../../route.ts';
import { dataDirOf } from '../imaging.ts';

/** The reader's side of the reading API: worklist, task, draft, e-signed submission and adjudication. */

export const taskParams = z.object({ taskId: z.uuid({ message: 'must be a reading task id' }) });
export const TASK_URL = '/api/reading/tasks/:taskId';

const draftSaved = (saved: StoredTask) => ({
  taskId: saved.id,
  status: saved.status,
  version: saved.version,
  updatedAt: saved.updatedAt,
});

export const readerRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/reading/worklist',
    access: 'reading.worklist',
    tag: 'reading',
    summary:
      "Blinded reading worklist by due time: a radiologist's own tasks (a data manager's: every task), exam codes, due dates and status only",
    response: worklistSchema,
    async handler({ db, actor }) {
      const all = actor.role !== 'system' && can(actor.role, 'reading.manage');
      return { items: await worklist(db, actor, all) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: TASK_URL,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'One of your reading tasks: exam code, series, your findings, what is missing, derived results; the adjudicator also sees both reads and their disagreements',
    params: taskParams,
    response: taskViewSchema,
    async handler({ db, actor, params, request }) {
      return taskView(db, actor, params.taskId, new StoredImages(dataDirOf(request, db)));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: `${TASK_URL}/draft`,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'Autosave the draft of your reading (partial allowed, each value validated); starts the task. Answers the new version and status; the whole task is GET on the task',
    params: taskParams,
    body: draftBody,
    response: draftSavedSchema,
    async handler({ db, actor, params, body }) {
      return draftSaved(await saveDraft(db, actor, params.taskId, body));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${TASK_URL}/draft`,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'Autosave what changed in your draft since your last save: values set, fields cleared, the comments if changed. The draft it makes is validated as a whole, as by PUT; starts the task. Answers the new version and status',
    params: taskParams,
    body: draftPatchBody,
    response: draftSavedSchema,
    async handler({ db, actor, params, body }) {
      return draftSaved(await patchDraft(db, actor, params.taskId, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${TASK_URL}/submit`,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'Submit your complete reading with your re-entered password (e-signature); locks it, and compares the two reads when both are in',
    params: taskParams,
    body: signatureBody,
    response: taskViewSchema,
    async handler({ db, actor, params, body, request }) {
      await submitRead(db, actor, params.taskId, body);
      return taskView(db, actor, params.taskId, new StoredImages(dataDirOf(request, db)));
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${TASK_URL}/adjudicate`,
    access: 'reading.perform',
    tag: 'reading',
    summary:
      'Record the consensus (a choice for every disagreement) with your re-entered password; the exam reading becomes final',
    params: taskParams,
    body: adjudicateBody,
    response: taskViewSchema,
    async handler({ db, actor, params, body, request }) {
      await adjudicate(db, actor, params.taskId, body);
      return taskView(db, actor, params.taskId, new StoredImages(dataDirOf(request, db)));
    },
  }),
];
