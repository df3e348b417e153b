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

  constructor(options: ParticipantOptions) {
    this.id = options.id;
    this.subject = options.subject ?? options.id;
    this.role = options.role;
    this.displayName = options.displayName;
    this.capabilities = capabilitiesOf(options.role);
    this.link = options.link;
  }

  can(capability: Capability): boolean {
    return this.capabilities.has(capability);
  }

  /** Hidden participants (inspectors, coordinators) never appear in what others receive. */
  get visible(): boolean {
    return this.can('visible');
  }

  info(): ParticipantInfo {
    return { participantId: this.id, role: this.role, displayName: this.displayName };
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
  return subject.visible ? subject.info() : null;
}
