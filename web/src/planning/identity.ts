import type { Role } from '../api/planning';

export interface PlanningIdentity {
  token: string;
  role: Role;
  /** The person's id in lesson-plans (`tutor-emily`, a class's `teacherId`…). */
  subject: string;
  name: string;
}

/** Where the planning page keeps its token for this tab (the ENT sign-in writes it too). */
export const STORAGE_KEY = 'passerelle.planning.token';
const ROLES: readonly Role[] = ['coordinator', 'tutor', 'teacher', 'inspector'];

/**
 * Takes the token from `#token=…` once, keeps it for this tab only and clears it from the
 * address bar, so it stays out of history, bookmarks and screen shares. The claims are
 * read for display and navigation only: the server verifies the signature on every call.
 */
export function readIdentity(location: Location, storage: Storage): PlanningIdentity | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    storage.setItem(STORAGE_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = fromHash ?? storage.getItem(STORAGE_KEY);
  return token ? decodeIdentity(token) : null;
}

export function decodeIdentity(token: string): PlanningIdentity | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const role = ROLES.find((candidate) => candidate === claims.role);
    if (!role || typeof claims.sub !== 'string') return null;
    const name = typeof claims.name === 'string' ? claims.name : claims.sub;
    return { token, role, subject: claims.sub, name };
  } catch {
    return null;
  }
}
