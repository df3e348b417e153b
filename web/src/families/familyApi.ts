/*
 * The family page's view of the contract: one client of /api/families with the class's
 * family key, sent in the Authorization header (the key itself stays in the URL fragment).
 */
import { FAMILY_API } from '../../../lesson-plans/contract/recap';
import type { FamilyRecaps, PublishedRecap } from '../../../lesson-plans/contract/recap';
import { ApiError, createApiClient, type ApiClient } from '../api/client';

export { ApiError };
export type { FamilyRecaps, PublishedRecap };
export type FamilyApi = ApiClient<typeof FAMILY_API>;

export function createFamilyApi(key: string): FamilyApi {
  return createApiClient(FAMILY_API, key);
}

/** "lundi 7 décembre 2026", on the school's clock whatever the family's. */
export function frenchDay(instant: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Paris',
  }).format(new Date(instant));
}
