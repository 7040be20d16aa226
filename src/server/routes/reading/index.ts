import type { RouteDef } from '../../route.ts';
import { readingDicomwebRoutes } from './dicomweb.ts';
import { manageRoutes } from './manage.ts';
import { measurementRoutes } from './measurements.ts';
import { readerRoutes } from './reader.ts';

/** The blinded reading API (issue 11), under /api/reading. */
export const readingRoutes: RouteDef[] = [
  ...readerRoutes,
  ...measurementRoutes,
  ...readingDicomwebRoutes,
  ...manageRoutes,
];
