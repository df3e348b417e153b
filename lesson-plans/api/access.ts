import type { Capability } from '../contract/capabilities';
import type { LessonRole } from '../contract/roles';
import type { LessonSession, Principal, Role } from '../domain/model';
import { PLANNING_TIME_ZONE } from '../domain/model';
import type { PlanningStore } from '../store/open';
import { failure } from './http';

export type { Capability };

const READ_PLANNING: Capability[] = ['directory.read', 'schedule.read', 'plan.read'];

/** The one role → capability table; anything not listed is denied. */
const CAPABILITIES: Record<Role, ReadonlySet<Capability>> = {
  coordinator: new Set<Capability>([
    ...READ_PLANNING,
    'directory.write',
    'schedule.write',
    'session.run',
    'session.join',
    'plan.write',
    'inspection.read',
    'report.read',
    'holiday.import',
    'feed.subscribe',
    'classroom-key.manage',
    'token.revoke',
    'readiness.read',
    'family-link.manage',
    'ent.approve',
    'pupil-link.manage',
  ]),
  tutor: new Set<Capability>([
    ...READ_PLANNING,
    'token.revoke',
    'session.run',
    'session.join',
    'plan.write',
    'feed.subscribe',
    'recap.publish',
  ]),
  // `readiness.check` reaches a teacher's class only through its whiteboard's key (device routes).
  teacher: new Set<Capability>([
    ...READ_PLANNING,
    'readiness.check',
    'session.join',
    'plan.write',
    'feed.subscribe',
    'token.revoke',
    'recap.publish',
    'family-link.manage',
    'pupil-link.manage',
  ]),
  // Inspectors read all planning but never write plans; they only write inspections.
  inspector: new Set<Capability>([
    ...READ_PLANNING,
    'session.join',
    'inspection.read',
    'inspection.write',
    'report.read',
    'feed.subscribe',
    'token.revoke',
  ]),
};

/**
 * What a scoped credential keeps of its role (issue 8, rows 1 and 2): a lesson page reads
 * its plan (the tutor also saves the handover note, the inspector writes her inspection);
 * a classroom whiteboard only reads. Never listings, join links, state changes or feeds.
 */
const LESSON_CAPABILITIES: Record<LessonRole, ReadonlySet<Capability>> = {
  tutor: new Set<Capability>(['plan.read', 'plan.write']),
  classroom: new Set<Capability>(['plan.read']),
  inspector: new Set<Capability>(['plan.read', 'inspection.read', 'inspection.write']),
  coordinator: new Set<Capability>(['plan.read']),
  // A pupil's lesson token is for the lesson's media and board, never for the planning.
  pupil: new Set<Capability>(),
};
/**
 * A whiteboard reads, checks its own network (the only thing it writes: its result), and lets
 * its teacher give a pupil at home a link to its own class's lessons.
 */
const DEVICE_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'plan.read',
  'readiness.check',
  'pupil-link.manage',
]);

/** A family key is nobody's role: its scope is all it may do (read its class's recaps). */
const FAMILY_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['recap.read']);
/** Nor is a pupil key: it is exchanged for its lesson's token, and does nothing else. */
const PUPIL_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['pupil.join']);

export function can(principal: Principal, capability: Capability): boolean {
  const scope = principal.scope;
  if (scope?.kind === 'family') return FAMILY_CAPABILITIES.has(capability);
  if (scope?.kind === 'pupil') return PUPIL_CAPABILITIES.has(capability);
  const narrowed =
    scope === undefined
      ? true
      : scope.kind === 'device'
        ? DEVICE_CAPABILITIES.has(capability)
        : LESSON_CAPABILITIES[scope.lessonRole].has(capability);
  return narrowed && CAPABILITIES[principal.role].has(capability);
}

export function requireCapability(principal: Principal, capability: Capability): void {
  if (!can(principal, capability)) {
    throw failure('forbidden', `a ${principal.role} may not ${capability.replace('.', ' ')}`);
  }
}

/**
 * Which lessons a principal may see: coordinators and inspectors all of them, a tutor her
 * own, a teacher those of her classes. Every list and lookup goes through this.
 */
export interface SessionScope {
  all: boolean;
  tutorId?: string;
  classIds?: readonly string[];
  /** A lesson token's one lesson. */
  sessionId?: string;
}

export async function sessionScope(
  store: PlanningStore,
  principal: Principal,
): Promise<SessionScope> {
  if (principal.scope?.kind === 'lesson')
    return { all: false, sessionId: principal.scope.sessionId };
  const kind = principal.scope?.kind;
  if (principal.scope && (kind === 'device' || kind === 'family' || kind === 'pupil'))
    return { all: false, classIds: [principal.scope.classId] };
  if (principal.role === 'coordinator' || principal.role === 'inspector') return { all: true };
  if (principal.role === 'tutor') return { all: false, tutorId: principal.userId };
  const classes = await store.listClasses({ teacherId: principal.userId });
  return { all: false, classIds: classes.map((schoolClass) => schoolClass.id) };
}

export function inScope(
  scope: SessionScope,
  session: Pick<LessonSession, 'tutorId' | 'classIds'> & { id?: string },
) {
  if (scope.all) return true;
  if (scope.sessionId !== undefined) return session.id === scope.sessionId;
  if (scope.tutorId !== undefined) return session.tutorId === scope.tutorId;
  return session.classIds.some((id) => scope.classIds?.includes(id));
}

export async function visibleSession(store: PlanningStore, principal: Principal, id: string) {
  const session = await store.getSession(id);
  // Out-of-scope lessons read as absent, so ids of other classes are not confirmed.
  if (!session || !inScope(await sessionScope(store, principal), session)) {
    throw failure('not_found', `session ${id} not found`);
  }
  return session;
}

/** Display zone: ?tz= if given, else the principal's own zone (tutors in the UK). */
export async function displayZone(
  store: PlanningStore,
  principal: Principal,
  requested: string | undefined,
): Promise<string> {
  if (requested) return requested;
  if (principal.role === 'tutor')
    return (await store.getTutor(principal.userId))?.timeZone ?? PLANNING_TIME_ZONE;
  if (principal.role === 'inspector')
    return (await store.getInspector(principal.userId))?.timeZone ?? PLANNING_TIME_ZONE;
  return PLANNING_TIME_ZONE;
}
