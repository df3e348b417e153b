import { createJoinLink } from '../signaling/joinLinks';
import { startTestServer, type TestServer } from '../test/helpers/server';

/*
 * The lesson the page benchmarks open (bench:page, page-cpu-breakdown): the demo timetable's
 * next lesson shared by two classes, on a server whose clock stands a few minutes before it,
 * so that a class's waiting screen offers to join it (join opens 10 min before); the pages
 * keep their own clock.
 */

export const VIEWPORT = { width: 1280, height: 720 };
export const CLASS_NAMES = ['CE2 Jaurès', 'CM2 Jaurès'] as const;

export interface Lesson {
  server: TestServer;
  sessionId: string;
  tutorId: string;
  classIds: string[];
}

export async function startBenchLesson(): Promise<Lesson> {
  const clock: { now?: Date } = {};
  const server = await startTestServer({ withPlanning: true, now: () => clock.now ?? new Date() });
  const sessions = await server.planning!.listSessions({});
  const now = Date.now();
  const planned = sessions
    .filter((session) => session.classIds.length > 1 && Date.parse(session.startsAt) > now)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0];
  if (!planned) {
    await server.close();
    throw new Error('the demo timetable has no upcoming lesson shared by two classes');
  }
  clock.now = new Date(Date.parse(planned.startsAt) - 3 * 60_000);
  return { server, sessionId: planned.id, tutorId: planned.tutorId, classIds: planned.classIds };
}

/** A join link (token in the fragment) for the tutor or the `index`th class, with an optional query. */
export async function joinUrl(
  lesson: Lesson,
  role: 'tutor' | 'classroom',
  index = 0,
  query = '',
): Promise<string> {
  const classroom = role === 'classroom';
  const link = await createJoinLink(lesson.server.tokens, {
    baseUrl: lesson.server.url,
    sessionId: lesson.sessionId,
    role,
    displayName: classroom ? CLASS_NAMES[index]! : 'Emily Carter',
    subject: classroom ? lesson.classIds[index]! : lesson.tutorId,
  });
  return link.replace('#', `${query}#`);
}
