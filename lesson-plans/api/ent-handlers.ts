import type express from 'express';
import { ENT_API } from '../contract/ent';
import type { PlanningRole } from '../contract/roles';
import type { PlanningStore } from '../store/open';
import { mountApi, type Handlers } from './adapter';
import { failure, found } from './http';
import type { PlanningRouterDeps } from './router-types';

/** What coordinators are called: the directory keeps no coordinator records. */
export const COORDINATOR_DISPLAY_NAME = 'Coordination';

/**
 * The name of a person of the directory in a role, or undefined when there is no such
 * person: a tutor or an inspector by id, a teacher by the `teacherId` of one of her
 * classes. Coordinators are not in the directory; any id names one.
 */
export async function directoryPersonName(
  store: PlanningStore,
  role: PlanningRole,
  personId: string,
): Promise<string | undefined> {
  switch (role) {
    case 'tutor':
      return (await store.getTutor(personId))?.name;
    case 'inspector':
      return (await store.getInspector(personId))?.name;
    case 'teacher':
      return (await store.listClasses({ teacherId: personId }))[0]?.teacherName;
    case 'coordinator':
      return COORDINATOR_DISPLAY_NAME;
  }
}

function entHandlers(store: PlanningStore): Handlers<typeof ENT_API> {
  return {
    listEntRequests: async () => ({ requests: await store.listEntRequests() }),
    approveEntRequest: async ({ params: { id }, body, principal }) => {
      const request = found(await store.getEntRequest(id), `request ${id}`);
      if ((await directoryPersonName(store, body.role, body.personId)) === undefined)
        throw failure('not_found', `no ${body.role} ${body.personId} in the directory`);
      await store.approveEntRequest(request, body, principal.userId);
      return { provider: request.provider, entId: request.entId, ...body };
    },
    rejectEntRequest: async ({ params: { id } }) => {
      if (!(await store.rejectEntRequest(id)))
        throw failure('not_found', `request ${id} not found`);
      return { id };
    },
  };
}

/** /api/ent, mounted by the server when the planning store is open. */
export function createEntRouter(
  deps: Pick<PlanningRouterDeps, 'store' | 'authenticate' | 'logger'>,
): express.Router {
  return mountApi(ENT_API, entHandlers(deps.store), {
    authenticate: deps.authenticate,
    logger: deps.logger,
  });
}
