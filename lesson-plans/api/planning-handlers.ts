import type { PLANNING_API } from '../contract/apis';
import type { Handlers } from './adapter';

/** The handlers of /api/planning, one per route of the contract. */
export type PlanningHandlers = Handlers<typeof PLANNING_API>;
