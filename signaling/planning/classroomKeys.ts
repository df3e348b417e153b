import type { PlanningStore } from '../../lesson-plans';
import type { ApiTokenIssuer } from '../auth';

export interface IssuedClassroomKey {
  classId: string;
  key: string;
  version: number;
  expiresAt: string;
}

/**
 * The last instant of the school year in force on `now` (or the next one, over the
 * summer): a whiteboard key never outlives the year it was issued for.
 */
export async function schoolYearEnd(store: PlanningStore, now: Date): Promise<Date | null> {
  const today = now.toISOString().slice(0, 10);
  const years = (await store.listSchoolYears()).sort((a, b) => a.endDate.localeCompare(b.endDate));
  const year = years.find((candidate) => candidate.endDate >= today);
  return year ? new Date(`${year.endDate}T23:59:59Z`) : null;
}

/**
 * Issues a new key for a classroom's whiteboard and, by bumping the class's key
 * version, refuses every key issued before it (rotation). With `rotate: false` (the
 * demo's printed link) the key joins the current version and nothing is revoked.
 * Null if the class or a current school year is missing.
 */
export async function issueClassroomKey(
  store: PlanningStore,
  apiTokens: ApiTokenIssuer,
  classId: string,
  now: Date,
  { rotate = true }: { rotate?: boolean } = {},
): Promise<IssuedClassroomKey | null> {
  const schoolClass = await store.getClass(classId);
  const end = await schoolYearEnd(store, now);
  if (!schoolClass || !end) return null;
  const version = rotate
    ? await store.bumpCredentialVersion('classroom', classId)
    : await store.credentialVersion('classroom', classId);
  const ttlSeconds = Math.max(60, Math.floor((end.getTime() - now.getTime()) / 1000));
  const key = await apiTokens.mint('classroom', classId, schoolClass.name, ttlSeconds, version);
  return { classId, key, version, expiresAt: end.toISOString() };
}

/** Revokes the classroom's key without issuing another: the whiteboard is cut off. */
export async function revokeClassroomKey(store: PlanningStore, classId: string): Promise<number> {
  return store.bumpCredentialVersion('classroom', classId);
}
