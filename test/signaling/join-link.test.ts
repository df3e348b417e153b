import { describe, expect, it } from 'vitest';
import { SessionTokenIssuer } from '../../signaling/auth';
import { createJoinLink } from '../../signaling/joinLinks';

describe('a join link (what bench:page and the demo hand to a browser)', () => {
  it('carries its token in the fragment only, never in the path or the query a server logs', async () => {
    const tokens = new SessionTokenIssuer('join-link-secret-that-is-long-enough-for-hs256');
    const link = new URL(
      await createJoinLink(tokens, {
        baseUrl: 'https://passerelle.example',
        sessionId: 'lesson-1',
        role: 'classroom',
        displayName: 'CE2 Jaurès',
      }),
    );
    const token = new URLSearchParams(link.hash.slice(1)).get('token');
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(link.pathname).toBe('/lesson/lesson-1');
    expect(link.search).toBe('');
    expect(`${link.origin}${link.pathname}${link.search}`).not.toContain(token!);
    expect((await tokens.verify(token!)).sid).toBe('lesson-1');
  });
});
