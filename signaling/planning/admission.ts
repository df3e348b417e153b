import type { PlanningStore } from '../../lesson-plans';
import type { SessionClaims } from '../auth';
import type { ErrorCode } from '../protocol';

/**
 * Refuses links of lessons that were cancelled or are done: a link minted before a
 * lesson was cancelled must not still open it (issue 8, row 10). Lessons the
 * timetable does not know (CLI and demo links) are left to the token alone.
 */
export function lessonAdmission(store: PlanningStore) {
  return async (claims: SessionClaims): Promise<ErrorCode | null> => {
    const session = await store.getSession(claims.sid);
    if (!session) return null;
    return session.state === 'cancelled' || session.state === 'done' ? 'forbidden' : null;
  };
}
