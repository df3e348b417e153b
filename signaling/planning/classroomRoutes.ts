import express from 'express';
import type { PlanningStore } from '../../lesson-plans';
import type { SessionTokenIssuer } from '../auth';
import { createJoinLink } from '../joinLinks';
import type { Logger } from '../logger';
import type { Authenticator } from './authenticate';

/** The whiteboard may enter the lesson this long before it starts (camera check, settling in). */
export const JOIN_OPENS_BEFORE_MS = 10 * 60_000;
const LINK_GRACE_SECONDS = 60 * 60;

export interface ClassroomRoutesOptions {
  store: PlanningStore;
  authenticate: Authenticator;
  sessionTokens: SessionTokenIssuer;
  logger: Logger;
  baseUrl: () => string;
  /** The server's clock; tests move it next to a planned lesson. */
  now?: () => Date;
}

/**
 * A classroom's permanent link: `GET /api/classroom/lesson` with the class's
 * key answers its current or next lesson and, once the lesson is about to
 * start, a join link for it. The whiteboard never needs anyone to send it a link.
 */
export function classroomRoutes(options: ClassroomRoutesOptions): express.Router {
  const router = express.Router();
  router.get('/lesson', (req, res) => {
    handleLesson(options, req).then(
      ({ status, body }) => void res.status(status).json(body),
      (error: unknown) => {
        options.logger.error({ err: error, path: req.path }, 'classroom lesson lookup failed');
        res.status(500).json({ error: { code: 'internal', message: 'internal server error' } });
      },
    );
  });
  return router;
}

async function handleLesson(options: ClassroomRoutesOptions, req: express.Request) {
  const principal = await options.authenticate(req);
  // Only the whiteboard's own key: no person's token, no lesson link.
  if (principal?.scope?.kind !== 'device') {
    return {
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'this classroom key is not valid' } },
    };
  }
  const schoolClass = await options.store.getClass(principal.scope.classId);
  if (!schoolClass)
    return {
      status: 404,
      body: { error: { code: 'not_found', message: 'this class no longer exists' } },
    };
  const now = options.now?.() ?? new Date();
  const found = await options.store.findClassroomSession(schoolClass.id, now);
  if (!found)
    return { status: 200, body: { className: schoolClass.name, lesson: null, joinUrl: null } };
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
  return { status: 200, body: { className: schoolClass.name, lesson, joinUrl } };
}
