import {
  capabilitiesOf,
  type Capability,
  type NotificationName,
  type NotificationPayload,
  type ParticipantInfo,
  type Role,
} from './protocol';

/** How the session reaches one participant; a socket in production, a recorder in tests. */
export interface ParticipantLink {
  notify<K extends NotificationName>(name: K, payload: NotificationPayload<K>): void;
  /** Ends the connection, e.g. when the token expires. */
  disconnect(reason: string): void;
}

export interface ParticipantOptions {
  id: string;
  role: Role;
  displayName: string;
  link: ParticipantLink;
  /** The token's subject (the person or whiteboard); defaults to the participant id. */
  subject?: string;
  /** A pupil at home: its class and what its link allows (from the link's session token). */
  pupil?: PupilAtHome;
}

/** What a pupil link says of its pupil: its class, and whether it may send its camera. */
export interface PupilAtHome {
  classId: string;
  className: string;
  linkId: string;
  cameraAllowed: boolean;
}

/**
 * One connection in one lesson, with the capabilities its token grants.
 * Where it stands in the lesson (connected, joined, left) is kept by its
 * LessonSession, the one place that moves it.
 */
export class Participant {
  readonly id: string;
  readonly subject: string;
  readonly role: Role;
  readonly displayName: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly link: ParticipantLink;
  readonly connectedAt = new Date();
  readonly pupil: PupilAtHome | null;

  constructor(options: ParticipantOptions) {
    this.id = options.id;
    this.subject = options.subject ?? options.id;
    this.role = options.role;
    this.displayName = options.displayName;
    this.pupil = options.role === 'pupil' ? (options.pupil ?? null) : null;
    const capabilities = new Set(capabilitiesOf(options.role));
    // The camera is the link's setting, chosen by the teacher; the floor and the pen are grants.
    if (this.pupil?.cameraAllowed) capabilities.add('produceCamera');
    this.capabilities = capabilities;
    this.link = options.link;
  }

  /**
   * The class whose lesson audience this participant belongs to: a classroom's token names its
   * class (its subject), a pupil's link names the pupil's class. Null for everyone else.
   */
  get classId(): string | null {
    if (this.role === 'classroom') return this.subject;
    return this.pupil?.classId ?? null;
  }

  can(capability: Capability): boolean {
    return this.capabilities.has(capability);
  }

  /** Hidden participants (inspectors, coordinators) never appear in what others receive. */
  get visible(): boolean {
    return this.can('visible');
  }

  info(): ParticipantInfo {
    const info = { participantId: this.id, role: this.role, displayName: this.displayName };
    return this.pupil ? { ...info, className: this.pupil.className } : info;
  }
}

/**
 * The one place that decides what `viewer` may learn about `subject`.
 * Every roster, notification, count and statistic about a participant is
 * built through it (LiveKit leaked hidden participants by re-checking at each
 * broadcast site, #1688 and #1857).
 */
export function describeFor(viewer: Participant, subject: Participant): ParticipantInfo | null {
  if (viewer.id === subject.id) return subject.info();
  if (!subject.visible || !shareAudience(viewer, subject)) return null;
  return subject.info();
}

/**
 * A pupil at home meets only the tutor and its own class (its classroom, other pupils of it):
 * its voice and picture never reach another class, and it sees no other class either. Hidden
 * observers (inspectors, coordinators) receive everything, as they do in every lesson.
 */
function shareAudience(viewer: Participant, subject: Participant): boolean {
  if (viewer.role !== 'pupil' && subject.role !== 'pupil') return true;
  if (!viewer.visible || viewer.role === 'tutor' || subject.role === 'tutor') return true;
  return viewer.classId !== null && viewer.classId === subject.classId;
}
