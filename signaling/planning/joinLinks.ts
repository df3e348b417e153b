import type { JoinLink, JoinLinkRequest } from '../../lesson-plans';
import type { SessionTokenIssuer } from '../auth';
import { createJoinLink } from '../joinLinks';

/** Links stay valid until an hour after the lesson ends, so a late reconnection still works. */
const LINK_GRACE_SECONDS = 60 * 60;

export function joinLinkIssuer(tokens: SessionTokenIssuer, baseUrl: string) {
  return async (
    session: { sessionId: string; endsAt: string },
    participants: JoinLinkRequest[],
  ): Promise<JoinLink[]> => {
    const ttlSeconds = Math.max(
      60,
      Math.round((Date.parse(session.endsAt) - Date.now()) / 1000) + LINK_GRACE_SECONDS,
    );
    return Promise.all(
      participants.map(async (participant) => ({
        ...participant,
        url: await createJoinLink(tokens, {
          baseUrl,
          sessionId: session.sessionId,
          role: participant.role,
          displayName: participant.name,
          subject: participant.subject,
          ttlSeconds,
        }),
      })),
    );
  };
}
