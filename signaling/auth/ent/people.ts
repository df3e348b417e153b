import { directoryPersonName, type PlanningStore } from '../../../lesson-plans';
import type { PlanningRole } from '../../../lesson-plans/contract/roles';
import type { EntConfig } from './config';
import type { EntIdentity, SignInFailure } from './identity';
import { signInFailure } from './identity';

/** A person of the directory, as their API token names them. */
export interface EntPerson {
  role: PlanningRole;
  personId: string;
  name: string;
}

/**
 * Who an ENT identity is in Passerelle: the town's file first (its `people`), then the
 * links coordinators approved. The person must still be in the directory in that role
 * (a tutor who left is refused even if her mapping stayed). Unknown people are refused,
 * or held once for a coordinator, as the town's `unknownPeople` says.
 */
export async function resolveEntPerson(
  store: PlanningStore,
  config: EntConfig,
  identity: EntIdentity,
): Promise<EntPerson | SignInFailure> {
  const entId = config.caseInsensitive ? identity.entId.toLowerCase() : identity.entId;
  const mapping = await findMapping(store, config, identity.provider, entId);
  if (mapping) {
    const name = await directoryPersonName(store, mapping.role, mapping.personId);
    if (name !== undefined) return { ...mapping, name };
    return signInFailure('refused', `${mapping.role} ${mapping.personId} is not in the directory`);
  }
  const provider = config.providers.find((candidate) => candidate.id === identity.provider);
  if ((provider?.unknownPeople ?? config.unknownPeople) === 'hold') {
    await store.holdEntRequest(identity.provider, entId, identity.displayName);
    return signInFailure('held', `${identity.provider} identity held for a coordinator`);
  }
  return signInFailure('refused', `${identity.provider} identity unknown to the directory`);
}

async function findMapping(
  store: PlanningStore,
  config: EntConfig,
  provider: string,
  entId: string,
): Promise<{ role: PlanningRole; personId: string } | undefined> {
  const same = (identifier: string) =>
    (config.caseInsensitive ? identifier.toLowerCase() : identifier) === entId;
  const listed = config.people.find(
    (person) =>
      (person.provider === undefined || person.provider === provider) && same(person.identifier),
  );
  if (listed) return { role: listed.role, personId: listed.personId };
  const linked = await store.findEntLink(provider, entId);
  return linked && { role: linked.role, personId: linked.personId };
}
