import type { Role } from '../api/planning';

/** In-app routes live in the hash (`#/plan/<sessionId>`) so back/forward work without a server route. */
export type PlanningRoute =
  | { screen: 'timetable' }
  | { screen: 'slots' }
  | { screen: 'reports' }
  | { screen: 'readiness' }
  | { screen: 'signins' }
  | { screen: 'lessons' }
  | { screen: 'plan'; sessionId: string }
  | { screen: 'inspection'; sessionId: string };

const HOME_BY_ROLE: Record<Role, PlanningRoute> = {
  coordinator: { screen: 'timetable' },
  tutor: { screen: 'lessons' },
  teacher: { screen: 'lessons' },
  inspector: { screen: 'lessons' },
};

/** Screens each role's navigation offers; the server still decides what each call may do. */
const SCREENS_BY_ROLE: Record<Role, readonly PlanningRoute['screen'][]> = {
  coordinator: ['timetable', 'slots', 'reports', 'readiness', 'signins', 'plan'],
  tutor: ['lessons', 'plan'],
  teacher: ['lessons', 'plan'],
  inspector: ['lessons', 'plan', 'inspection'],
};

export function parseRoute(hash: string, role: Role): PlanningRoute {
  const [screen = '', id] = hash.replace(/^#\/?/, '').split('/');
  const sessionId = id ? decodeURIComponent(id) : '';
  const route: PlanningRoute | null =
    screen === 'plan' || screen === 'inspection'
      ? sessionId
        ? { screen, sessionId }
        : null
      : ['timetable', 'slots', 'reports', 'readiness', 'signins', 'lessons'].includes(screen)
        ? ({ screen } as PlanningRoute)
        : null;
  return route && SCREENS_BY_ROLE[role].includes(route.screen) ? route : HOME_BY_ROLE[role];
}

export function hrefFor(route: PlanningRoute): string {
  return 'sessionId' in route
    ? `#/${route.screen}/${encodeURIComponent(route.sessionId)}`
    : `#/${route.screen}`;
}

export function navFor(role: Role): { route: PlanningRoute; labelKey: string }[] {
  if (role === 'coordinator')
    return [
      { route: { screen: 'timetable' }, labelKey: 'planning.nav.timetable' },
      { route: { screen: 'slots' }, labelKey: 'planning.nav.slots' },
      { route: { screen: 'reports' }, labelKey: 'planning.nav.reports' },
      { route: { screen: 'readiness' }, labelKey: 'planning.nav.readiness' },
      { route: { screen: 'signins' }, labelKey: 'signins.heading' },
    ];
  const labelKey = role === 'inspector' ? 'planning.nav.inspectorLessons' : 'planning.nav.lessons';
  return [{ route: { screen: 'lessons' }, labelKey }];
}
