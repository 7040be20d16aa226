import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, useParams } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { RequirePermission } from './components/RequirePermission.tsx';
import { AuditVerifyPage } from './pages/AuditVerifyPage.tsx';
import { HomePage } from './pages/DashboardPage.tsx';
import { ExamPage } from './pages/exam/ExamPage.tsx';
import { ExportsPage } from './pages/ExportsPage.tsx';
import { InboxPage } from './pages/imaging/InboxPage.tsx';
import { OriginalsPage } from './pages/imaging/OriginalsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { FormPage } from './pages/forms/FormPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ParticipantPage } from './pages/participant/ParticipantPage.tsx';
import { ParticipantsPage } from './pages/ParticipantsPage.tsx';
import { QueriesPage } from './pages/QueriesPage.tsx';
import { AgreementPage } from './pages/reading/AgreementPage.tsx';
import { ReadingWorklistPage } from './pages/reading/ReadingWorklistPage.tsx';
import { RouteError } from './pages/RouteError.tsx';
import { ScreeningLogPage } from './pages/ScreeningLogPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

/** A fresh page per participant: nothing revealed or half-typed carries over to the next record. */
function ParticipantRoute() {
  const { code = '' } = useParams();
  return <ParticipantPage key={code} />;
}

/** The reading workstation (and the image viewer it holds) is its own chunk, loaded when a task is opened. */
const WorkstationPage = lazy(() =>
  import('./pages/reading/WorkstationPage.tsx').then((m) => ({ default: m.WorkstationPage })),
);

/** The outcomes page (and Observable Plot, which draws its charts) is its own chunk, loaded when it is opened. */
const OutcomesPage = lazy(() =>
  import('./pages/outcomes/OutcomesPage.tsx').then((m) => ({ default: m.OutcomesPage })),
);

/** A fresh workstation per task: nothing typed for one exam carries over to the next. */
function WorkstationRoute() {
  const { taskId = '' } = useParams();
  return (
    <Suspense fallback={<Skeleton h={400} />}>
      <WorkstationPage key={taskId} />
    </Suspense>
  );
}

/** A fresh form page per participant, visit and instrument: typed values never leak into another form. */
function FormRoute() {
  const { code = '', visit = '', instrument = '' } = useParams();
  return <FormPage key={`${code}/${visit}/${instrument}`} />;
}

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
    {
      path: '/',
      element: <AppLayout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <HomePage /> },
        {
          path: 'participants',
          element: (
            <RequirePermission permission="participant.read">
              <ParticipantsPage />
            </RequirePermission>
          ),
        },
        {
          path: 'participants/:code',
          element: (
            <RequirePermission permission="participant.read">
              <ParticipantRoute />
            </RequirePermission>
          ),
        },
        {
          path: 'participants/:code/exams/:examId',
          element: (
            <RequirePermission permission="exam.read">
              <ExamPage />
            </RequirePermission>
          ),
        },
        {
          path: 'participants/:code/forms/:visit/:instrument',
          element: (
            <RequirePermission permission="form.read">
              <FormRoute />
            </RequirePermission>
          ),
        },
        {
          path: 'screening-log',
          element: (
            <RequirePermission permission="participant.read">
              <ScreeningLogPage />
            </RequirePermission>
          ),
        },
        {
          path: 'exports',
          element: (
            <RequirePermission permission="data.export">
              <ExportsPage />
            </RequirePermission>
          ),
        },
        {
          path: 'queries',
          element: (
            <RequirePermission permission="query.read">
              <QueriesPage />
            </RequirePermission>
          ),
        },
        {
          path: 'imaging/inbox',
          element: (
            <RequirePermission permission="imaging.import">
              <InboxPage />
            </RequirePermission>
          ),
        },
        {
          path: 'reading',
          element: (
            <RequirePermission permission="reading.worklist">
              <ReadingWorklistPage />
            </RequirePermission>
          ),
        },
        {
          path: 'reading/tasks/:taskId',
          element: (
            <RequirePermission permission="reading.perform">
              <WorkstationRoute />
            </RequirePermission>
          ),
        },
        {
          path: 'reading/agreement',
          element: (
            <RequirePermission permission="reading.manage">
              <AgreementPage />
            </RequirePermission>
          ),
        },
        {
          path: 'outcomes',
          element: (
            <RequirePermission permission="analysis.read">
              <Suspense fallback={<Skeleton h={400} />}>
                <OutcomesPage />
              </Suspense>
            </RequirePermission>
          ),
        },
        // The worklist's former address, kept for bookmarks.
        { path: 'worklist', element: <Navigate to="/reading" replace /> },
        {
          path: 'admin/users',
          element: (
            <RequirePermission permission="user.read">
              <UsersPage />
            </RequirePermission>
          ),
        },
        {
          path: 'admin/originals',
          element: (
            <RequirePermission permission="imaging.originals">
              <OriginalsPage />
            </RequirePermission>
          ),
        },
        {
          path: 'admin/audit',
          element: (
            <RequirePermission permission="audit.verify">
              <AuditVerifyPage />
            </RequirePermission>
          ),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
