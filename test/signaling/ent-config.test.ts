import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HANDOFF_CODE_TTL_MS, SIGN_IN_FLOW_TTL_MS, parseEntConfig } from '../../signaling/auth/ent';
import { ExpiringMap, RateLimiter } from '../../signaling/auth/ent/expiring';

const EXAMPLE = new URL('../../deploy/ent.example.json', import.meta.url);

describe('ENT configuration (ENT_CONFIG)', () => {
  it('accepts the example shipped in deploy/', () => {
    const config = parseEntConfig(readFileSync(EXAMPLE, 'utf8'));
    expect(config.providers.map((provider) => provider.kind)).toEqual(['oidc', 'cas']);
    expect(config.people.map((person) => person.role).sort()).toEqual([
      'coordinator',
      'inspector',
      'teacher',
      'tutor',
    ]);
  });

  it('names every mistake by its path', () => {
    const text = JSON.stringify({
      town: 'X',
      unknownPeople: 'maybe',
      providers: [
        {
          id: 'a',
          label: 'A',
          kind: 'oidc',
          issuer: 'http://ent.example',
          clientId: 'c',
          clientSecret: 's',
          identifier: 'email',
        },
        { id: 'a', label: 'B', kind: 'cas', baseUrl: 'https://cas.example/cas' },
      ],
      people: [{ provider: 'b', identifier: 'x', role: 'pupil', personId: 'p' }],
    });
    let message = '';
    try {
      parseEntConfig(text, 'ent.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('invalid ENT configuration (ent.json)');
    expect(message).toContain('unknownPeople');
    expect(message).toContain('providers.0.issuer: an https URL');
    expect(message).toContain('people.0.role');
    // Once every field is well formed, the file is checked as a whole.
    const whole = JSON.parse(text) as { unknownPeople: string; people: { role: string }[] };
    whole.unknownPeople = 'hold';
    whole.people[0]!.role = 'tutor';
    const second = () => parseEntConfig(JSON.stringify(whole).replace('http://ent', 'https://ent'));
    expect(second).toThrow(/providers\.1\.id: a twice/);
    expect(second).toThrow(/people\.0\.provider: no provider b/);
    expect(() => parseEntConfig('{ not json', 'ent.json')).toThrow(/ent.json is not valid JSON/);
  });
});

describe('ENT sign-in state', () => {
  it('keeps a handoff code a minute at most and a sign-in ten minutes', () => {
    expect(HANDOFF_CODE_TTL_MS).toBeLessThanOrEqual(60_000);
    expect(SIGN_IN_FLOW_TTL_MS).toBeLessThanOrEqual(10 * 60_000);
  });

  it('gives an entry once, and not after it ended', () => {
    let now = 0;
    const map = new ExpiringMap<string>(1000, () => now);
    map.set('a', 'first');
    map.set('b', 'second');
    expect(map.take('a')).toBe('first');
    expect(map.take('a')).toBeUndefined();
    now = 1000;
    expect(map.take('b')).toBeUndefined();
  });

  it('forgets the oldest entries past its bound', () => {
    const map = new ExpiringMap<number>(60_000, Date.now, 3);
    for (let i = 0; i < 5; i += 1) map.set(`k${i}`, i);
    expect(map.has('k0')).toBe(false);
    expect(map.has('k4')).toBe(true);
  });

  it('limits callbacks per address per minute', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect([limiter.allow('a'), limiter.allow('a'), limiter.allow('a')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.allow('b')).toBe(true);
    now = 60_000;
    expect(limiter.allow('a')).toBe(true);
  });
});
