/**
 * The lesson page's address, read by the entry before anything else loads. Join links look
 * like /lesson/<sessionId>#token=<jwt>: the fragment never reaches any server log. Kept free
 * of imports so the entry stays a few hundred bytes.
 */
export interface LessonRoute {
  sessionId: string;
  token: string | null;
  /** The page benchmark's baseline (`?dynacast=0`): everything as before issue 14. */
  baseline: boolean;
}

export function lessonRoute(
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
): LessonRoute | null {
  const match = /^\/lesson\/([^/]+)\/?$/.exec(location.pathname);
  if (!match?.[1]) return null;
  return {
    sessionId: decodeURIComponent(match[1]),
    token: new URLSearchParams(location.hash.slice(1)).get('token'),
    baseline: new URLSearchParams(location.search).get('dynacast') === '0',
  };
}
