import { CLASSROOM_API, type ClassroomLesson } from '../../../lesson-plans/contract/classroom';
import { ApiError, createApiClient } from '../api/client';

export type { ClassroomLesson };

export class ClassroomKeyError extends Error {}

/** The whiteboard's permanent link: its class key asks for the current or next lesson. */
export async function fetchClassroomLesson(key: string): Promise<ClassroomLesson> {
  try {
    return await createApiClient(CLASSROOM_API, key).call('classroomLesson');
  } catch (error) {
    // A refused key (rotated, revoked, expired) or a class that no longer exists.
    if (error instanceof ApiError && ['unauthenticated', 'not_found'].includes(error.code))
      throw new ClassroomKeyError(error.code);
    throw error;
  }
}

/** The session id and token inside a join link (`/lesson/<id>#token=…`). */
export function parseJoinUrl(joinUrl: string): { sessionId: string; token: string } | null {
  const url = new URL(joinUrl, window.location.origin);
  const match = /^\/lesson\/([^/]+)$/.exec(url.pathname);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  return match?.[1] && token ? { sessionId: decodeURIComponent(match[1]), token } : null;
}
