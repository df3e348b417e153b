// The pupil at home's public face (issue 13, item 1); lesson-plans/index.ts re-exports it.
export { PUPIL_DOOR_OPENS_BEFORE_MS, createPupilRouter, pupilLinkRefusal } from './pupil-api';
export type { PupilRouterOptions, PupilTokenMinter } from './pupil-api';
export { pupilLinkHandlers } from './pupil-link-handlers';
export type { PupilLinkOptions } from './pupil-link-handlers';
export { PUPIL_LINK_GRACE_MS } from './pupil-link-store';
