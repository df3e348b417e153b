import type { Request } from 'express';
import type { PlanningStore, Principal } from '../../lesson-plans';
import type { ApiClaims, ApiTokenIssuer, SessionClaims, SessionTokenIssuer } from '../auth';

/**
 * The bearer token of a REST request, from the Authorization header only: a token in
 * a query string reaches logs, proxies and browser history (issue 8, row 1).
 */
export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  if (!header?.startsWith('Bearer ')) return null;
  const token = header.slice('Bearer '.length).trim();
  return token.length > 0 ? token : null;
}

export type Authenticator = (req: Request) => Promise<Principal | null>;

/**
 * Who is calling the REST API. Three credentials, three principals (README, "Credentials"):
 * a person's API token (their role, unscoped); a classroom whiteboard's key (a read-only
 * device of its class); a lesson page's session token (that one lesson). API tokens carry
 * their holder's credential version and are refused once the store has moved past it.
 */
export function createPlanningAuthenticator(
  store: PlanningStore,
  apiTokens: ApiTokenIssuer,
  sessionTokens: SessionTokenIssuer,
): Authenticator {
  return async (req) => {
    const token = bearerToken(req);
    if (!token) return null;
    const api = await apiTokens.verify(token).catch(() => null);
    if (api) return apiPrincipal(store, api);
    const lesson = await sessionTokens.verify(token).catch(() => null);
    return lesson ? lessonPrincipal(store, lesson) : null;
  };
}

async function apiPrincipal(store: PlanningStore, claims: ApiClaims): Promise<Principal | null> {
  const holder = claims.role === 'classroom' ? 'classroom' : 'person';
  if (claims.kv !== (await store.credentialVersion(holder, claims.sub))) return null;
  if (claims.role !== 'classroom')
    return { role: claims.role, userId: claims.sub, name: claims.name };
  const schoolClass = await store.getClass(claims.sub);
  if (!schoolClass) return null;
  return {
    role: 'teacher',
    userId: schoolClass.teacherId,
    name: claims.name,
    scope: { kind: 'device', classId: schoolClass.id },
  };
}

/** A lesson link stops working on REST once its lesson is cancelled. */
async function lessonPrincipal(
  store: PlanningStore,
  claims: SessionClaims,
): Promise<Principal | null> {
  const session = await store.getSession(claims.sid);
  if (!session || session.state === 'cancelled') return null;
  const scope = { kind: 'lesson', sessionId: session.id, lessonRole: claims.role } as const;
  // A pupil's token opens its lesson's media and board only: nobody in the planning.
  if (claims.role === 'pupil') return null;
  if (claims.role !== 'classroom') {
    return { role: claims.role, userId: claims.sub, name: claims.name, scope };
  }
  const schoolClass = await store.getClass(claims.sub);
  if (!schoolClass || !session.classIds.includes(schoolClass.id)) return null;
  return { role: 'teacher', userId: schoolClass.teacherId, name: claims.name, scope };
}
