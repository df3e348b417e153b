import type { Request } from 'express';
import type { PlanningStore, Principal } from '../../lesson-plans';
import type { ApiTokenIssuer, SessionTokenIssuer } from '../auth';

/** The bearer token of a planning request; `access_token` serves img/audio tags, which cannot send headers. */
export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = req.query.access_token;
  return typeof query === 'string' && query.length > 0 ? query : null;
}

/**
 * Who is calling the planning API. Two kinds of token are accepted: API
 * tokens (coordinator, tutor, teacher, inspector screens, and a classroom's
 * permanent link) and a lesson page's own session token, so the lesson views
 * can read their plan. A classroom acts as its class's teacher, read-only
 * in practice because the whiteboard only reads plans and materials.
 */
export function createPlanningAuthenticator(
  store: PlanningStore,
  apiTokens: ApiTokenIssuer,
  sessionTokens: SessionTokenIssuer,
): (req: Request) => Promise<Principal | null> {
  return async (req) => {
    const token = bearerToken(req);
    if (!token) return null;
    const claims =
      (await apiTokens.verify(token).catch(() => null)) ??
      (await sessionTokens.verify(token).catch(() => null));
    if (!claims) return null;
    if (claims.role === 'classroom') return classroomPrincipal(store, claims.sub, claims.name);
    return { role: claims.role, userId: claims.sub, name: claims.name };
  };
}

async function classroomPrincipal(
  store: PlanningStore,
  classId: string,
  name: string,
): Promise<Principal | null> {
  const schoolClass = await store.getClass(classId);
  return schoolClass ? { role: 'teacher', userId: schoolClass.teacherId, name } : null;
}
