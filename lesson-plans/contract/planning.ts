import { defineApi } from './define';
import { DIRECTORY_ROUTES, INSPECTION_ROUTES } from './planning-directory';
import { PLAN_ROUTES, SCHEDULE_ROUTES } from './planning-lessons';
import { READINESS_ROUTES } from './readiness';
import { PUPIL_LINK_ROUTES } from './pupil';
import { RECAP_ROUTES } from './recap';

/** /api/planning: everything the planning screens, lesson pages and whiteboards read and write. */
export const PLANNING_API = defineApi({
  prefix: '/api/planning',
  authenticates: ['person', 'device', 'lesson'],
  routes: {
    ...DIRECTORY_ROUTES,
    ...INSPECTION_ROUTES,
    ...PLAN_ROUTES,
    ...SCHEDULE_ROUTES,
    ...READINESS_ROUTES,
    ...RECAP_ROUTES,
    ...PUPIL_LINK_ROUTES,
  },
});
