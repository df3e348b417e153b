import express from 'express';
import { z } from 'zod';
import type { PlanningStore, Principal } from '../../lesson-plans';
import type { ApiTokenIssuer } from '../auth';
import type { Logger } from '../logger';
import type { Authenticator } from './authenticate';
import { issueClassroomKey, revokeClassroomKey } from './classroomKeys';

export interface CredentialRoutesOptions {
  store: PlanningStore;
  apiTokens: ApiTokenIssuer;
  authenticate: Authenticator;
  baseUrl: () => string;
  logger: Logger;
  now?: () => Date;
}

const SubjectSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9._:@-]{1,80}$/) });
type Answer = { status: number; body: unknown };
const error = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message } },
});

/** Only a person's own (unscoped) API token manages credentials. */
const isPerson = (principal: Principal | null): principal is Principal =>
  principal !== null && principal.scope === undefined;

/**
 * Issuing, rotating and revoking credentials, at /api/credentials: the coordinator
 * rotates or revokes a classroom's whiteboard key; a person revokes their own API
 * tokens (the coordinator anyone's), e.g. after a laptop is lost.
 */
export function credentialRoutes(options: CredentialRoutesOptions): express.Router {
  const router = express.Router();
  const handle =
    (run: (principal: Principal | null, id: string) => Promise<Answer>): express.RequestHandler =>
    (req, res) => {
      const parsed = SubjectSchema.safeParse(req.params);
      const answer = parsed.success
        ? options.authenticate(req).then((principal) => run(principal, parsed.data.id))
        : Promise.resolve(error(400, 'invalid_request', 'invalid id'));
      answer.then(
        ({ status, body }) => void res.status(status).json(body),
        (err: unknown) => {
          options.logger.error({ err, path: req.path }, 'credential request failed');
          res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
        },
      );
    };
  router.post(
    '/classrooms/:id/key',
    handle((who, id) => rotate(options, who, id)),
  );
  router.delete(
    '/classrooms/:id/key',
    handle(async (who, id) => {
      const denied = coordinatorOnly(who);
      if (denied) return denied;
      return {
        status: 200,
        body: { classId: id, version: await revokeClassroomKey(options.store, id) },
      };
    }),
  );
  router.delete(
    '/people/:id/tokens',
    handle(async (who, id) => {
      if (!isPerson(who)) return error(401, 'unauthenticated', 'sign in first');
      if (who.role !== 'coordinator' && who.userId !== id)
        return error(403, 'forbidden', "only the coordinator revokes someone else's tokens");
      const version = await options.store.bumpCredentialVersion('person', id);
      return { status: 200, body: { subject: id, version } };
    }),
  );
  return router;
}

function coordinatorOnly(who: Principal | null): Answer | null {
  if (!isPerson(who)) return error(401, 'unauthenticated', 'sign in first');
  if (who.role !== 'coordinator')
    return error(403, 'forbidden', 'only the coordinator manages classroom keys');
  return null;
}

async function rotate(options: CredentialRoutesOptions, who: Principal | null, id: string) {
  const denied = coordinatorOnly(who);
  if (denied) return denied;
  const now = options.now?.() ?? new Date();
  const issued = await issueClassroomKey(options.store, options.apiTokens, id, now);
  if (!issued) return error(404, 'not_found', `class ${id} or its school year not found`);
  // The key travels in the fragment, which browsers never send to a server or a log.
  const url = `${options.baseUrl()}/classroom/${encodeURIComponent(id)}#key=${issued.key}`;
  return { status: 201, body: { ...issued, url } };
}
