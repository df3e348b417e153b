/*
 * The pupil page's view of the contract: one client of /api/pupil with the pupil key, sent in
 * the Authorization header (the key itself stays in the URL fragment).
 */
import { PUPIL_API, type PupilSession } from '../../../lesson-plans/contract/pupil';
import { ApiError, createApiClient } from '../api/client';

export { ApiError };
export type { PupilSession };

/** The key for a session token of the lesson open now. */
export function exchangePupilKey(key: string): Promise<PupilSession> {
  return createApiClient(PUPIL_API, key).call('exchangePupilKey');
}

/** "14 h 30", on the school's clock whatever the family's. */
export function frenchTime(instant: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(new Date(instant));
}
