import type express from 'express';
import type { Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';

import type { JoinLink, JoinLinkRequest } from '../contract/planning-schemas';
import type { PupilLink } from '../contract/pupil';

export { JoinLinkRequestSchema, JoinLinkSchema } from '../contract/planning-schemas';
export type { JoinLink, JoinLinkRequest };

export interface JoinLinkSession {
  sessionId: string;
  startsAt: string;
  endsAt: string;
}

export interface ErrorLogger {
  error(details: { err: unknown; method: string; path: string }, message: string): void;
}

export interface PlanningRouterDeps {
  store: PlanningStore;
  /** JWT verification belongs to the server; this module only authorizes. */
  authenticate: (req: express.Request) => Promise<Principal | null>;
  /** Tokens belong to signalling, which signs one link per participant. */
  issueJoinLinks: (
    session: JoinLinkSession,
    participants: JoinLinkRequest[],
  ) => Promise<JoinLink[]>;
  /** Check tokens belong to signalling too (the readiness check's socket); absent: unavailable. */
  issueCheckToken?: (subject: string) => Promise<{ token: string; expiresAt: string }>;
  /** Where unexpected failures (500s) are reported; pino's logger fits. */
  logger?: ErrorLogger;
  /** The server's clock for lesson-state windows; tests move it. */
  now?: () => Date;
  /** Absolute base for feed URLs handed to calendar apps, e.g. https://host/api/planning. */
  publicBaseUrl?: string;
  /** Told when a pupil link is revoked (signalling then sends its pupil out of the lesson). */
  onPupilLinkRevoked?: (link: PupilLink) => void;
}
