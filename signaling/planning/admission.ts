import type { PlanningStore } from '../../lesson-plans';
import type { SessionClaims } from '../auth';
import type { ErrorCode } from '../protocol';
import { pupilLinkAdmission } from './pupilLinks';

/**
 * Refuses links of lessons that were cancelled or are done: a link minted before a
 * lesson was cancelled must not still open it (issue 8, row 10). Lessons the
 * timetable does not know (CLI and demo links) are left to the token alone.
 */
export function lessonAdmission(store: PlanningStore, now: () => Date = () => new Date()) {
  return async (claims: SessionClaims): Promise<ErrorCode | null> => {
    const pupilRefused = await pupilLinkAdmission(store, claims, now());
    if (pupilRefused) return pupilRefused;
    const session = await store.getSession(claims.sid);
    if (!session) return null;
    return session.state === 'cancelled' || session.state === 'done' ? 'forbidden' : null;
  };
}
