import type express from 'express';
import {
  CLASSROOM_API,
  failure,
  mountApi,
  type ClassroomLesson,
  type Handlers,
  type PlanningStore,
  type Principal,
} from '../../lesson-plans';
import type { SessionTokenIssuer } from '../auth';
import { createJoinLink } from '../joinLinks';
import type { Logger } from '../logger';
import type { CheckTokenIssuer } from '../probe';
import type { Authenticator } from './authenticate';

/** The whiteboard may enter the lesson this long before it starts (camera check, settling in). */
export const JOIN_OPENS_BEFORE_MS = 10 * 60_000;
const LINK_GRACE_SECONDS = 60 * 60;

export interface ClassroomRoutesOptions {
  store: PlanningStore;
  authenticate: Authenticator;
  sessionTokens: SessionTokenIssuer;
  /** Mints the readiness check's tokens (probing only, ten minutes). */
  checkTokens: CheckTokenIssuer;
  logger: Logger;
  baseUrl: () => string;
  /** The server's clock; tests move it next to a planned lesson. */
  now?: () => Date;
}

/**
 * A classroom's permanent link: `GET /api/classroom/lesson` with the class's
 * key answers its current or next lesson and, once the lesson is about to
 * start, a join link for it. The whiteboard never needs anyone to send it a link.
 * Mounted from the contract (CLASSROOM_API), which admits only classroom keys.
 */
export function classroomRoutes(options: ClassroomRoutesOptions): express.Router {
  const handlers: Handlers<typeof CLASSROOM_API> = {
    classroomLesson: ({ principal }) => classroomLesson(options, principal),
    readinessToken: async ({ principal }) =>
      options.checkTokens.mint((await deviceClass(options, principal)).id),
    // The key names the class: a whiteboard can only ever store its own result.
    saveReadiness: async ({ principal, body }) => {
      const schoolClass = await deviceClass(options, principal);
      return options.store.recordReadiness(schoolClass.id, schoolClass.schoolId, body);
    },
  };
  return mountApi(CLASSROOM_API, handlers, {
    authenticate: options.authenticate,
    logger: options.logger,
  });
}

/** The class of the whiteboard calling (the contract admits only classroom keys here). */
async function deviceClass(options: ClassroomRoutesOptions, principal: Principal) {
  const classId = principal.scope?.kind === 'device' ? principal.scope.classId : '';
  const schoolClass = await options.store.getClass(classId);
  if (!schoolClass) throw failure('not_found', 'this class no longer exists');
  return schoolClass;
}

async function classroomLesson(
  options: ClassroomRoutesOptions,
  principal: Principal,
): Promise<ClassroomLesson> {
  const schoolClass = await deviceClass(options, principal);
  const now = options.now?.() ?? new Date();
  const lastCheckAt =
    (await options.store.latestReadiness([schoolClass.id])).get(schoolClass.id)?.checkedAt ?? null;
  const found = await options.store.findClassroomSession(schoolClass.id, now);
  if (!found) return { className: schoolClass.name, lesson: null, joinUrl: null, lastCheckAt };
  const { session, tutor } = found;
  const opensAt = Date.parse(session.startsAt) - JOIN_OPENS_BEFORE_MS;
  const joinUrl =
    now.getTime() >= opensAt
      ? await createJoinLink(options.sessionTokens, {
          baseUrl: options.baseUrl(),
          sessionId: session.id,
          role: 'classroom',
          displayName: schoolClass.name,
          subject: schoolClass.id,
          ttlSeconds:
            Math.round((Date.parse(session.endsAt) - now.getTime()) / 1000) + LINK_GRACE_SECONDS,
        })
      : null;
  const lesson = {
    sessionId: session.id,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    tutorName: tutor?.name ?? null,
    joinOpensAt: new Date(opensAt).toISOString(),
  };
  return { className: schoolClass.name, lesson, joinUrl, lastCheckAt };
}
