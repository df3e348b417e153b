/** The whiteboard's permanent link: its class key asks the server for the current or next lesson. */
export interface ClassroomLesson {
  className: string;
  lesson: {
    sessionId: string;
    startsAt: string;
    endsAt: string;
    tutorName: string | null;
    joinOpensAt: string;
  } | null;
  /** Present once the lesson is about to start. */
  joinUrl: string | null;
}

export class ClassroomKeyError extends Error {}

export async function fetchClassroomLesson(key: string): Promise<ClassroomLesson> {
  const response = await fetch('/api/classroom/lesson', {
    headers: { authorization: `Bearer ${key}` },
  });
  if (response.status === 401 || response.status === 404)
    throw new ClassroomKeyError(String(response.status));
  if (!response.ok) throw new Error(`classroom lesson: HTTP ${response.status}`);
  return (await response.json()) as ClassroomLesson;
}

/** The session id and token inside a join link (`/lesson/<id>#token=…`). */
export function parseJoinUrl(joinUrl: string): { sessionId: string; token: string } | null {
  const url = new URL(joinUrl, window.location.origin);
  const match = /^\/lesson\/([^/]+)$/.exec(url.pathname);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  return match?.[1] && token ? { sessionId: decodeURIComponent(match[1]), token } : null;
}
