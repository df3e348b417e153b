import { LESSON_ROLES, lessonRoleSchema, type LessonRole } from '../../lesson-plans/contract/roles';

/** A lesson's roles, declared once for the whole system with the REST contract. */
export const ROLES = LESSON_ROLES;
export const roleSchema = lessonRoleSchema;
export type Role = LessonRole;

/**
 * What a connection may do. Derived once from the token's role at connect
 * and checked by the dispatcher before any handler runs; deny by default.
 * `visible` is a capability too: without it a participant never appears in
 * anything sent to others (rosters, notifications, counts, statistics).
 */
export const CAPABILITIES = [
  'join',
  'consume',
  'produceCamera',
  'produceMicrophone',
  'produceScreen',
  'visible',
  'viewStats',
  /** See the shared board and receive its updates. */
  'viewBoard',
  /** Draw on the shared board. */
  'drawBoard',
  /** Raise a hand, say "we can't hear / see you". */
  'signal',
  /** Push lesson content to the boards, mute a classroom. */
  'teach',
  /** Run a network readiness check (probe transports). A check connection's only capability. */
  'probe',
  /** Give a pupil at home the floor (microphone) or the pen (board), and take them back. */
  'grantPupil',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  tutor: [
    'join',
    'consume',
    'produceCamera',
    'produceMicrophone',
    'produceScreen',
    'visible',
    'viewStats',
    'viewBoard',
    'drawBoard',
    'teach',
    'grantPupil',
  ],
  classroom: [
    'join',
    'consume',
    'produceCamera',
    'produceMicrophone',
    'visible',
    'viewBoard',
    'drawBoard',
    'signal',
    'grantPupil',
  ],
  // Inspectors and coordinators observe: they receive everything and are seen by no one.
  inspector: ['join', 'consume', 'viewStats', 'viewBoard'],
  coordinator: ['join', 'consume', 'viewStats', 'viewBoard'],
  // A pupil at home listens, watches, raises a hand. The rest is granted (GRANTABLE below).
  pupil: ['join', 'consume', 'viewBoard', 'signal', 'visible'],
};

/**
 * What a role may be given during a lesson, on top of its table above: a pupil at home speaks
 * once granted the floor and draws once allowed; the camera is a setting of the pupil's link
 * (`cameraAllowed`). The grants themselves are lesson state (signaling/grants/PupilGrants.ts).
 */
export const GRANTABLE_CAPABILITIES = ['produceMicrophone', 'drawBoard'] as const;
export type GrantableCapability = (typeof GRANTABLE_CAPABILITIES)[number];
const ROLE_GRANTABLE: Readonly<Record<Role, readonly Capability[]>> = {
  tutor: [],
  classroom: [],
  inspector: [],
  coordinator: [],
  pupil: [...GRANTABLE_CAPABILITIES, 'produceCamera'],
};

/** Everything a role could ever do in a lesson, grants and link settings included (media limits). */
export function possibleCapabilitiesOf(role: Role): ReadonlySet<Capability> {
  return new Set([...ROLE_CAPABILITIES[role], ...ROLE_GRANTABLE[role]]);
}

export function capabilitiesOf(role: Role): ReadonlySet<Capability> {
  return new Set(ROLE_CAPABILITIES[role]);
}

/**
 * A readiness check's connection (a check token, not a lesson token) may probe and nothing
 * else: it can never join a lesson, and no lesson role has `probe`.
 */
export function checkCapabilities(): ReadonlySet<Capability> {
  return new Set<Capability>(['probe']);
}
