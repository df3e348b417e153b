import type express from 'express';
import { PLANNING_API } from '../contract/apis';
import { mountApi } from './adapter';
import { directoryHandlers } from './directory-handlers';
import { feedHandlers } from './feed-handlers';
import { inspectionHandlers } from './inspection-handlers';
import { planHandlers } from './plan-handlers';
import type { PlanningHandlers } from './planning-handlers';
import { readinessHandlers } from './readiness-handlers';
import { pupilLinkHandlers } from '../pupils/pupil-link-handlers';
import { recapHandlers } from '../recap/recap-handlers';
import type { PlanningRouterDeps } from './router-types';
import { scheduleHandlers } from './schedule-handlers';

/** Every handler of /api/planning; the contract's routes and these keys must match. */
export function planningHandlers(deps: PlanningRouterDeps): PlanningHandlers {
  const now = deps.now ?? (() => deps.store.now());
  return {
    ...directoryHandlers(deps.store),
    ...feedHandlers(deps.store, { publicBaseUrl: deps.publicBaseUrl, now }),
    ...inspectionHandlers(deps.store),
    ...planHandlers(deps.store),
    ...scheduleHandlers(deps),
    ...readinessHandlers(deps, now),
    ...recapHandlers(deps.store, { now, publicBaseUrl: deps.publicBaseUrl }),
    ...pupilLinkHandlers(deps.store, {
      now,
      publicBaseUrl: deps.publicBaseUrl,
      onRevoked: deps.onPupilLinkRevoked,
    }),
  };
}

/** The planning REST API, mounted by the server at /api/planning. */
export function createPlanningRouter(deps: PlanningRouterDeps): express.Router {
  return mountApi(PLANNING_API, planningHandlers(deps), {
    authenticate: deps.authenticate,
    logger: deps.logger,
    inspections: deps.store,
  });
}
