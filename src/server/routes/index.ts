import type { RouteDef } from '../route.ts';
import { analysisRoutes } from './analysis.ts';
import { auditRoutes } from './audit.ts';
import { exportRoutes } from './exports.ts';
import { qidoRoutes } from './dicomweb/qido.ts';
import { wadoRoutes } from './dicomweb/wado.ts';
import { formRoutes } from './forms.ts';
import { imagingRoutes } from './imaging.ts';
import { instrumentRoutes } from './instruments.ts';
import { participantRoutes } from './participants.ts';
import { readingRoutes } from './reading/index.ts';
import { reportRoutes } from './report.ts';
import { sessionRoutes } from './session.ts';
import { sodiumRoutes } from './sodium.ts';
import { statsRoutes } from './stats.ts';
import { studyRoutes } from './study.ts';
import { userRoutes } from './users.ts';

/** Every API route of the server. Feature issues add their route lists here. */
export const API_ROUTES: readonly RouteDef[] = [
  ...sessionRoutes,
  ...studyRoutes,
  ...participantRoutes,
  ...userRoutes,
  ...auditRoutes,
  ...formRoutes,
  ...imagingRoutes,
  ...qidoRoutes,
  ...wadoRoutes,
  ...instrumentRoutes,
  ...statsRoutes,
  ...reportRoutes,
  ...sodiumRoutes,
  ...readingRoutes,
  ...exportRoutes,
  ...analysisRoutes,
];
