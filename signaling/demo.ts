import {
  issueFamilyLink,
  publishPlanRecap,
  type LessonSession,
  type PlanningStore,
} from '../lesson-plans';
import { issueClassroomKey } from './planning/classroomKeys';
import { createJoinLink } from './joinLinks';
import type { RunningServer } from './server';

interface DemoLink {
  label: string;
  url: string;
}

/**
 * Links for trying Passerelle at once: the next timetabled lesson that one
 * tutor gives to two classes (with its lesson plan), a silent inspector, the
 * coordinator's screens, the ENT sign-in page when one is configured, a classroom's
 * permanent whiteboard link, its families' recap page and a pupil at home's link.
 */
export async function demoLinks(server: RunningServer, store: PlanningStore): Promise<DemoLink[]> {
  // The next shared lesson; once the demo term is over, its last one (links work at any time).
  const upcoming = await store.listSessions({ from: new Date().toISOString() });
  const all = upcoming.length > 0 ? upcoming : (await store.listSessions({})).reverse();
  const session = all.find((candidate) => candidate.classIds.length > 1) ?? all[0];
  if (!session) return [];
  const tutor = await store.getTutor(session.tutorId);
  const classes = await Promise.all(session.classIds.map((id) => store.getClass(id)));
  const inspector = (await store.listInspectors())[0];
  const base = { baseUrl: server.url, sessionId: session.id };
  const links: DemoLink[] = [
    {
      label: `tutor      ${tutor?.name}`,
      url: await createJoinLink(server.tokens, {
        ...base,
        role: 'tutor',
        displayName: tutor?.name ?? 'Tutor',
        subject: session.tutorId,
      }),
    },
  ];
  for (const schoolClass of classes) {
    if (!schoolClass) continue;
    const url = await createJoinLink(server.tokens, {
      ...base,
      role: 'classroom',
      displayName: schoolClass.name,
      subject: schoolClass.id,
    });
    links.push({ label: `classroom  ${schoolClass.name}`, url });
  }
  if (inspector) {
    const url = await createJoinLink(server.tokens, {
      ...base,
      role: 'inspector',
      displayName: inspector.name,
      subject: inspector.id,
    });
    links.push({ label: `inspector  ${inspector.name} (invisible)`, url });
  }
  const coordinator = await server.apiTokens.mint(
    'coordinator',
    'coordinator-demo',
    'Coordination',
  );
  links.push({
    label: 'coordinator timetable, plans and reports',
    url: `${server.url}/planning#token=${coordinator}`,
  });
  // With ENT_CONFIG, staff sign in through their ENT instead of receiving links.
  if (server.signInUrl)
    links.push({
      label: 'ENT sign-in (tutors, teachers, inspectors, coordinators)',
      url: server.signInUrl,
    });
  const firstClass = classes[0];
  if (firstClass) {
    const issued = await issueClassroomKey(store, server.apiTokens, firstClass.id, new Date(), {
      rotate: false,
    });
    if (issued)
      links.push({
        label: `whiteboard ${firstClass.name}: permanent link (waits for its next lesson)`,
        url: `${server.url}/classroom/${firstClass.id}#key=${issued.key}`,
      });
    const family = await demoFamilyLink(server, store, firstClass.id, session);
    if (family) links.push({ label: `families   ${firstClass.name}: recaps (page)`, url: family });
    links.push({
      label: `pupil at home, Léa (${firstClass.name}): opens once the tutor is in the lesson`,
      url: await demoPupilLink(server, store, firstClass.id, session),
    });
  }
  return links;
}

/** A pupil at home of the class for the demo's lesson, as its teacher would create it. */
async function demoPupilLink(
  server: RunningServer,
  store: PlanningStore,
  classId: string,
  session: LessonSession,
): Promise<string> {
  const { key } = await store.createPupilLink({
    classId,
    pupilName: 'Léa',
    sessionId: session.id,
    slotId: null,
    allowCamera: false,
    createdBy: 'coordinator-demo',
    expiresAt: session.endsAt,
  });
  return `${server.url}/eleve#cle=${key}`;
}

/**
 * The class's family page, with one recap published (by its tutor) for the last lesson of
 * the seeded history. A new link each start: the previous one is revoked, as in a new term.
 */
async function demoFamilyLink(
  server: RunningServer,
  store: PlanningStore,
  classId: string,
  next: LessonSession,
): Promise<string | undefined> {
  if ((await store.classRecaps(classId)).length === 0) {
    const past = await store.listSessions({ classIds: [classId], to: new Date().toISOString() });
    const lesson = past.at(-1) ?? next;
    const tutor = await store.getTutor(lesson.tutorId);
    const publisher = {
      userId: lesson.tutorId,
      role: 'tutor',
      name: tutor?.name ?? 'Tutor',
    } as const;
    await publishPlanRecap(store, lesson, publisher, 'Chantez la chanson de la séance en famille.');
  }
  const input = { classId, now: new Date(), by: 'coordinator-demo', site: server.url };
  return (await issueFamilyLink(store, input))?.url;
}
