import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionTokenIssuer, TokenError, loadTokenSecret } from '../../signaling';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';

describe('session tokens', () => {
  const issuer = new SessionTokenIssuer(SECRET);

  it('carries session, role, name and expiry', async () => {
    const token = await issuer.mint({
      sessionId: 'cm2-b-2026-12-01',
      role: 'classroom',
      displayName: 'CM2 B',
      ttlSeconds: 600,
    });
    const claims = await issuer.verify(token, 'cm2-b-2026-12-01');
    expect(claims).toMatchObject({ sid: 'cm2-b-2026-12-01', role: 'classroom', name: 'CM2 B' });
    expect(claims.exp - Date.now() / 1000).toBeGreaterThan(500);
  });

  it('refuses an expired token (expired)', async () => {
    const token = await issuer.mint({
      sessionId: 's1',
      role: 'tutor',
      displayName: 'Emily',
      ttlSeconds: -1,
    });
    await expect(issuer.verify(token)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('refuses a token for another session (wrong_session)', async () => {
    const token = await issuer.mint({ sessionId: 's1', role: 'classroom', displayName: 'CM2' });
    await expect(issuer.verify(token, 's2')).rejects.toMatchObject({ reason: 'wrong_session' });
  });

  it('refuses a token from another secret and garbage (invalid)', async () => {
    const other = await new SessionTokenIssuer('x'.repeat(40)).mint({
      sessionId: 's1',
      role: 'tutor',
      displayName: 'E',
    });
    await expect(issuer.verify(other)).rejects.toBeInstanceOf(TokenError);
    await expect(issuer.verify('not.a.token')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('refuses a short secret and an invalid session id at mint time', async () => {
    expect(() => new SessionTokenIssuer('short')).toThrow(/32 characters/);
    await expect(
      issuer.mint({ sessionId: '../etc', role: 'tutor', displayName: 'E' }),
    ).rejects.toThrow();
  });

  it('keeps a generated secret in the state folder so server and CLI agree', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'passerelle-secret-')), 'token-secret');
    const first = loadTokenSecret(undefined, file);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadTokenSecret(undefined, file)).toBe(first);
    expect(loadTokenSecret(SECRET, file)).toBe(SECRET);
  });

  it('npm run token mints a link the server accepts', async () => {
    const env = {
      ...process.env,
      PASSERELLE_TOKEN_SECRET: SECRET,
      PUBLIC_URL: 'https://passerelle.example',
    };
    const link = execFileSync(
      'npx',
      [
        'tsx',
        'signaling/cli/token.ts',
        '--session',
        'demo',
        '--role',
        'inspector',
        '--name',
        'IEN',
      ],
      {
        env,
        encoding: 'utf8',
      },
    ).trim();
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://passerelle.example/lesson/demo');
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    expect(await issuer.verify(token, 'demo')).toMatchObject({ role: 'inspector', name: 'IEN' });
  });
});
