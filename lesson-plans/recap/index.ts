// The family recap's public face (issue 13, item 2); lesson-plans/index.ts re-exports it.
export { createFamilyRouter, hashedFeedPath } from './family-api';
export type { FamilyRouterOptions } from './family-api';
export { buildRecapContent } from './build-recap';
export { issueFamilyLink, publishPlanRecap } from './recap-handlers';
export type { RecapPublisher } from './recap-store';
