import express from 'express';
import { directoryRoutes } from './directory-routes';
import { feedRoutes, publicFeedRoutes } from './feed-routes';
import { holidayImportRoutes } from './holiday-import-routes';
import { reportXlsxRoutes } from './report-xlsx-routes';
import { errorHandlerFor, sendError } from './http';
import { inspectionRoutes } from './inspection-routes';
import { planRoutes } from './plan-routes';
import { routeGate } from './route-access';
import type { PlanningRouterDeps } from './router-types';
import { scheduleRoutes } from './schedule-routes';

const JSON_BODY_LIMIT = '256kb';

/** The planning REST API, mounted by the server at /api/planning. */
export function createPlanningRouter(deps: PlanningRouterDeps): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: JSON_BODY_LIMIT }));
  // Feeds authenticate by token, before the header-based authentication below.
  router.use(publicFeedRoutes(deps.store));
  router.use(async (req, res, next) => {
    const principal = await deps.authenticate(req);
    if (!principal)
      return sendError(res, 401, { code: 'unauthenticated', message: 'sign in first' });
    res.locals.principal = principal;
    next();
  });
  // Every route's declared capability and credential kinds, checked in one place.
  router.use(routeGate(deps.store));
  router.use(holidayImportRoutes(deps.store));
  router.use(directoryRoutes(deps.store));
  router.use(scheduleRoutes(deps));
  router.use(planRoutes(deps.store));
  router.use(reportXlsxRoutes(deps.store));
  router.use(inspectionRoutes(deps.store));
  router.use(feedRoutes(deps.store, deps.publicBaseUrl));
  router.use((_req, res) =>
    sendError(res, 404, { code: 'not_found', message: 'no such endpoint' }),
  );
  router.use(errorHandlerFor(deps.logger));
  return router;
}
