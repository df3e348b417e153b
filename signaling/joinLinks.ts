import type { Role } from './protocol';
import type { SessionTokenIssuer } from './auth';

export interface JoinLinkOptions {
  baseUrl: string;
  sessionId: string;
  role: Role;
  displayName: string;
  subject?: string;
  ttlSeconds?: number;
}

/** A link that opens the lesson in the web app; the token rides in the fragment, which browsers never send to servers. */
export async function createJoinLink(
  tokens: SessionTokenIssuer,
  options: JoinLinkOptions,
): Promise<string> {
  const token = await tokens.mint({
    sessionId: options.sessionId,
    role: options.role,
    displayName: options.displayName,
    subject: options.subject,
    ttlSeconds: options.ttlSeconds,
  });
  const url = new URL(`/lesson/${encodeURIComponent(options.sessionId)}`, options.baseUrl);
  url.hash = new URLSearchParams({ token }).toString();
  return url.toString();
}
