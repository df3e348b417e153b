import type express from 'express';
import type { BearerAccess } from '../contract/define';
import type { CredentialKind } from '../contract/capabilities';
import type { Principal } from '../domain/model';
import { can } from './access';
import { failure } from './http';

/** What the gate needs of the store: the lesson an inspection belongs to. */
export interface InspectionLookup {
  getInspection(id: string): Promise<{ sessionId: string; inspectorId: string } | undefined>;
}

export function credentialKind(principal: Principal): CredentialKind {
  return principal.scope?.kind ?? 'person';
}

function describe(principal: Principal): string {
  if (principal.scope?.kind === 'device') return 'classroom key';
  if (principal.scope?.kind === 'family') return 'family link';
  if (principal.scope?.kind === 'pupil') return 'pupil link';
  if (principal.scope?.kind === 'lesson') return `${principal.scope.lessonRole}'s lesson link`;
  return principal.role;
}

/**
 * The one place where a REST request is checked against its route's declaration:
 * a capability of the route, then the credential kinds it names, then a lesson token's
 * binding to its one lesson. Throws `forbidden` (or `not_found` for other lessons).
 */
export async function checkAccess(
  lookup: InspectionLookup | undefined,
  principal: Principal,
  access: BearerAccess,
  path: string,
  req: express.Request,
): Promise<void> {
  if (!access.capabilities.some((capability) => can(principal, capability)))
    throw failure('forbidden', `a ${describe(principal)} may not call ${path}`);
  const kind = credentialKind(principal);
  if (kind === 'device' && !access.device)
    throw failure('forbidden', 'a classroom key only reads its own lessons');
  if (kind === 'family' && !access.family)
    throw failure('forbidden', "a family link only reads its class's recaps");
  if (kind === 'pupil' && !access.pupil)
    throw failure('forbidden', 'a pupil link only opens its lesson');
  if (kind === 'person' && access.person === false)
    throw failure('forbidden', `a ${principal.role}'s own token does not call ${path}`);
  if (kind === 'lesson') await checkLesson(lookup, principal, access, req);
}

async function checkLesson(
  lookup: InspectionLookup | undefined,
  principal: Principal,
  access: BearerAccess,
  req: express.Request,
): Promise<void> {
  if (principal.scope?.kind !== 'lesson' || !access.lesson)
    throw failure('forbidden', 'a lesson link only reaches its own lesson');
  const sessionId = principal.scope.sessionId;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const query = req.query as Record<string, unknown>;
  const allowed = access.lessonBody;
  if (allowed && Object.keys(body).some((key) => !allowed.includes(key)))
    throw failure('forbidden', `a lesson link may only send ${allowed.join(', ')}`);
  // Other lessons read as absent, as they do for people out of scope.
  const absent = () => failure('not_found', 'not found');
  const id = (req.params as Record<string, string | undefined>).id;
  switch (access.lesson) {
    case 'session-param':
      if (id !== sessionId) throw absent();
      return;
    case 'session-body':
      if (body.sessionId !== sessionId) throw absent();
      return;
    case 'session-query':
      if (query.sessionId !== sessionId || query.inspectorId !== principal.userId) throw absent();
      return;
    case 'inspection-param': {
      const inspection = id ? await lookup?.getInspection(id) : undefined;
      if (inspection?.sessionId !== sessionId || inspection.inspectorId !== principal.userId)
        throw absent();
    }
  }
}
