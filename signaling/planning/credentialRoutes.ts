import type express from 'express';
import {
  CREDENTIALS_API,
  failure,
  mountApi,
  type Handlers,
  type PlanningStore,
} from '../../lesson-plans';
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

/**
 * Issuing, rotating and revoking credentials, at /api/credentials: the coordinator
 * rotates or revokes a classroom's whiteboard key; a person revokes their own API
 * tokens (the coordinator anyone's), e.g. after a laptop is lost. The contract
 * (CREDENTIALS_API) admits only a person's own, unscoped API token here.
 */
export function credentialRoutes(options: CredentialRoutesOptions): express.Router {
  const handlers: Handlers<typeof CREDENTIALS_API> = {
    rotateClassroomKey: async ({ params: { id } }) => {
      const now = options.now?.() ?? new Date();
      const issued = await issueClassroomKey(options.store, options.apiTokens, id, now);
      if (!issued) throw failure('not_found', `class ${id} or its school year not found`);
      // The key travels in the fragment, which browsers never send to a server or a log.
      const url = `${options.baseUrl()}/classroom/${encodeURIComponent(id)}#key=${issued.key}`;
      return { ...issued, url };
    },
    revokeClassroomKey: async ({ params: { id } }) => ({
      classId: id,
      version: await revokeClassroomKey(options.store, id),
    }),
    revokePersonTokens: async ({ principal, params: { id } }) => {
      if (principal.role !== 'coordinator' && principal.userId !== id)
        throw failure('forbidden', "only the coordinator revokes someone else's tokens");
      return { subject: id, version: await options.store.bumpCredentialVersion('person', id) };
    },
  };
  return mountApi(CREDENTIALS_API, handlers, {
    authenticate: options.authenticate,
    logger: options.logger,
  });
}
