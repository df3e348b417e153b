import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlanningStore, seedDemoData, type PlanningStore } from '../../lesson-plans';
import { SignInGrantSchema, SignInProvidersSchema } from '../../lesson-plans/contract/ent';
import { startCasServer, CAS_TICKET_TTL_MS, type TestCasServer } from '../helpers/casServer';
import { HttpBrowser } from '../helpers/oidcBrowser';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidcProvider';
import { startTestServer, type TestServer } from '../helpers/server';

const CLIENT = { clientId: 'passerelle', clientSecret: 'passerelle-client-secret-0123456789' };
const OTHER = { clientId: 'other-app', clientSecret: 'other-app-client-secret-0123456789' };

let op: TestOidcProvider;
let cas: TestCasServer;
let store: PlanningStore;
let server: TestServer;
let teacherId: string;

const atPlanningOrSignIn = (url: URL) =>
  url.pathname === '/planning' || url.pathname === '/connexion';

/** The whole OIDC round trip as a browser makes it; ends on /planning#code= or /connexion#error=. */
async function oidcSignIn(browser: HttpBrowser, account: string): Promise<URL> {
  const form = await browser.follow(`${server.url}/signin/ent-oidc/start`, (url) =>
    url.pathname.startsWith('/interaction/'),
  );
  const resumed = await browser.submit(form.url.href, {
    prompt: 'login',
    login: account,
    password: 'x',
  });
  return (await browser.follow(resumed.href, atPlanningOrSignIn)).url;
}

/** Up to the CAS's redirect back to us: the callback URL with its ticket, not yet followed. */
async function casTicket(browser: HttpBrowser, username: string): Promise<URL> {
  const login = await browser.follow(`${server.url}/signin/ent-cas/start`, (url) =>
    url.pathname.endsWith('/cas/login'),
  );
  const service = login.url.searchParams.get('service') ?? '';
  return browser.submit(`${cas.baseUrl}/login`, { service, username, password: 'x' });
}

async function casSignIn(browser: HttpBrowser, username: string): Promise<URL> {
  const callback = await casTicket(browser, username);
  return (await browser.follow(callback.href, atPlanningOrSignIn)).url;
}

const fragment = (url: URL) => new URLSearchParams(url.hash.slice(1));

async function exchange(code: string): Promise<Response> {
  return fetch(`${server.url}/signin/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
}

/** Signs in and exchanges the handoff code: the person's API token and its claims. */
async function signedIn(landing: URL) {
  expect(landing.pathname, landing.href).toBe('/planning');
  const response = await exchange(fragment(landing).get('code') ?? '');
  expect(response.status).toBe(200);
  const grant = SignInGrantSchema.parse(await response.json());
  return { grant, claims: await server.apiTokens.verify(grant.token) };
}

function api(path: string, token: string, init: RequestInit = {}) {
  return fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
}

beforeAll(async () => {
  op = await startOidcProvider({
    emily: { email: 'Emily.Hartley@ent.example', name: 'Emily Hartley' },
    martin: { email: 'claire.martin@ent.example', name: 'Claire Martin' },
    teacher: { email: 'prof@ent.example', name: 'Prof' },
    coord: { email: 'coordination@ent.example', name: 'Coordination' },
    stranger: { email: 'stranger@ent.example', name: 'Someone Else' },
  });
  cas = await startCasServer({
    'j.dupont': { attributes: { mail: 'prof@ent.example', displayName: 'J. Dupont' } },
    'c.martin': { attributes: { mail: 'claire.martin@ent.example', displayName: 'Claire Martin' } },
    'o.pennington': { attributes: { mail: 'oliver@ent.example', displayName: 'Oliver P.' } },
    'x.inconnu': { attributes: { mail: 'x@ent.example', displayName: 'X Inconnu' } },
  });
  store = await openPlanningStore({ filename: ':memory:' });
  await seedDemoData(store);
  teacherId = (await store.listClasses())[0]!.teacherId;
  const file = join(mkdtempSync(join(tmpdir(), 'passerelle-ent-')), 'ent.json');
  writeFileSync(
    file,
    JSON.stringify({
      town: 'Val-de-Brume',
      unknownPeople: 'refuse',
      requestsPerMinute: 1000,
      providers: [
        {
          id: 'ent-oidc',
          label: 'ENT (OIDC)',
          kind: 'oidc',
          issuer: op.issuer,
          ...CLIENT,
          identifier: 'email',
          nameAttribute: 'name',
        },
        {
          id: 'ent-cas',
          label: 'ENT (CAS)',
          kind: 'cas',
          baseUrl: cas.baseUrl,
          identifier: 'mail',
          nameAttribute: 'displayName',
          unknownPeople: 'hold',
        },
      ],
      people: [
        { identifier: 'emily.hartley@ent.example', role: 'tutor', personId: 'tutor-emily' },
        {
          identifier: 'claire.martin@ent.example',
          role: 'inspector',
          personId: 'inspector-martin',
        },
        { identifier: 'prof@ent.example', role: 'teacher', personId: teacherId },
        {
          provider: 'ent-oidc',
          identifier: 'coordination@ent.example',
          role: 'coordinator',
          personId: 'coordinator-val',
        },
      ],
    }),
  );
  server = await startTestServer({ planning: store, env: { ENT_CONFIG: file } });
  await op.register([
    { ...CLIENT, redirectUri: `${server.url}/signin/ent-oidc/callback` },
    { ...OTHER, redirectUri: `${server.url}/other-app/callback` },
  ]);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await op?.close();
  await cas?.close();
});

describe('ENT sign-in through OpenID Connect', () => {
  it("lists the town's ENTs for the sign-in page, and nothing else of their configuration", async () => {
    const answer = await fetch(`${server.url}/signin/providers`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(SignInProvidersSchema.strict().parse(await answer.json())).toEqual({
      town: 'Val-de-Brume',
      providers: [
        { id: 'ent-oidc', label: 'ENT (OIDC)' },
        { id: 'ent-cas', label: 'ENT (CAS)' },
      ],
    });
    expect((await fetch(`${server.url}/signin/nowhere/start`, { redirect: 'manual' })).status).toBe(
      404,
    );
    const page = await fetch(`${server.url}/connexion`);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('maps each configured person to their role and issues their usual API token', async () => {
    const cases = [
      ['emily', 'tutor', 'tutor-emily', 'Emily Hartley'],
      ['martin', 'inspector', 'inspector-martin', 'Claire Martin'],
      ['teacher', 'teacher', teacherId, undefined],
      ['coord', 'coordinator', 'coordinator-val', 'Coordination'],
    ] as const;
    for (const [account, role, personId, name] of cases) {
      const started = performance.now();
      const { grant, claims } = await signedIn(await oidcSignIn(new HttpBrowser(), account));
      // A figure, not a check: the whole round trip on loopback (discovery cached after the first).
      console.log(`OIDC sign-in of a ${role}: ${(performance.now() - started).toFixed(0)} ms`);
      expect(claims).toMatchObject({ role, sub: personId });
      if (name) expect(claims.name).toBe(name);
      expect(Date.parse(grant.expiresAt) - Date.now()).toBeGreaterThan(11 * 3600 * 1000);
      const answer = await api('/api/planning/tutors', grant.token);
      expect(answer.status, `${role} reads the planning`).toBe(200);
    }
  });

  it('puts only a one-time code in the fragment, and the code works once', async () => {
    const landing = await oidcSignIn(new HttpBrowser(), 'emily');
    expect(landing.search).toBe('');
    const code = fragment(landing).get('code') ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await exchange(code)).status).toBe(200);
    const replay = await exchange(code);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await exchange('not-a-code')).status).toBe(401);
  });

  it('refuses a person the directory does not know (policy refuse)', async () => {
    const landing = await oidcSignIn(new HttpBrowser(), 'stranger');
    expect(landing.pathname).toBe('/connexion');
    expect(fragment(landing).get('error')).toBe('refused');
    expect(await store.listEntRequests()).toEqual([]);
  });

  it('refuses a callback whose state was altered, or that carries no sign-in cookie', async () => {
    const browser = new HttpBrowser();
    const form = await browser.follow(`${server.url}/signin/ent-oidc/start`, (url) =>
      url.pathname.startsWith('/interaction/'),
    );
    const resumed = await browser.submit(form.url.href, {
      prompt: 'login',
      login: 'emily',
      password: 'x',
    });
    const callback = (
      await browser.follow(resumed.href, (url) => url.pathname.endsWith('/callback'))
    ).url;
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'forged-state');
    const stolen = await new HttpBrowser().follow(callback.href, atPlanningOrSignIn);
    expect(fragment(stolen.url).get('error')).toBe('expired');
    const forged = await browser.follow(tampered.href, atPlanningOrSignIn);
    expect(fragment(forged.url).get('error')).toBe('rejected');
    // The flow was spent by the forged attempt: the genuine callback cannot be replayed after it.
    const late = await browser.follow(callback.href, atPlanningOrSignIn);
    expect(fragment(late.url).get('error')).toBe('expired');
  });

  it('refuses an ID token the provider signed for another client (wrong audience)', async () => {
    const browser = new HttpBrowser();
    const toProvider = await browser.follow(
      `${server.url}/signin/ent-oidc/start`,
      (url) => url.origin === op.issuer,
    );
    // Same provider, same signing key, same nonce: only the audience differs.
    const foreign = await idTokenForOtherClient(toProvider.url.searchParams.get('nonce') ?? '');
    const audience = JSON.parse(Buffer.from(foreign.split('.')[1] ?? '', 'base64url').toString());
    expect(audience).toMatchObject({ aud: OTHER.clientId, iss: op.issuer });
    const form = await browser.follow(toProvider.url.href, (url) =>
      url.pathname.startsWith('/interaction/'),
    );
    const resumed = await browser.submit(form.url.href, {
      prompt: 'login',
      login: 'emily',
      password: 'x',
    });
    op.replaceNextIdToken(foreign);
    const landing = await browser.follow(resumed.href, atPlanningOrSignIn);
    expect(fragment(landing.url).get('error')).toBe('rejected');
    // The same steps without the swap sign in: the audience alone made the difference.
    expect((await oidcSignIn(new HttpBrowser(), 'emily')).pathname).toBe('/planning');
  });
});

/** A genuine ID token from the provider, for OTHER, carrying `nonce`: what a mix-up would hand us. */
async function idTokenForOtherClient(nonce: string): Promise<string> {
  const browser = new HttpBrowser();
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${op.issuer}/auth`);
  const redirectUri = `${server.url}/other-app/callback`;
  authorize.search = new URLSearchParams({
    client_id: OTHER.clientId,
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: redirectUri,
    nonce,
    state: 'other-state',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const form = await browser.follow(authorize.href, (url) =>
    url.pathname.startsWith('/interaction/'),
  );
  const resumed = await browser.submit(form.url.href, {
    prompt: 'login',
    login: 'emily',
    password: 'x',
  });
  const back = await browser.follow(resumed.href, (url) => url.href.startsWith(redirectUri));
  const response = await fetch(`${op.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${OTHER.clientId}:${OTHER.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: back.url.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  return ((await response.json()) as { id_token: string }).id_token;
}

describe('ENT sign-in through CAS 3.0', () => {
  it('validates the ticket with the attributes and maps teacher and inspector', async () => {
    const started = performance.now();
    const teacher = await signedIn(await casSignIn(new HttpBrowser(), 'j.dupont'));
    console.log(`CAS sign-in of a teacher: ${(performance.now() - started).toFixed(0)} ms`);
    expect(teacher.claims).toMatchObject({ role: 'teacher', sub: teacherId });
    const inspector = await signedIn(await casSignIn(new HttpBrowser(), 'c.martin'));
    expect(inspector.claims).toMatchObject({ role: 'inspector', sub: 'inspector-martin' });
    const last = cas.validations.at(-1);
    expect(last?.service).toBe(`${server.url}/signin/ent-cas/callback`);
  });

  it('refuses an expired ticket (INVALID_TICKET from the CAS)', async () => {
    const browser = new HttpBrowser();
    const callback = await casTicket(browser, 'j.dupont');
    cas.advance(CAS_TICKET_TTL_MS + 1000);
    const asked = cas.validations.length;
    const landing = await browser.follow(callback.href, atPlanningOrSignIn);
    expect(fragment(landing.url).get('error')).toBe('rejected');
    expect(cas.validations.length).toBe(asked + 1);
  });

  it('refuses a replayed ticket without asking the CAS, which refuses it too', async () => {
    const browser = new HttpBrowser();
    const callback = await casTicket(browser, 'c.martin');
    await signedIn((await browser.follow(callback.href, atPlanningOrSignIn)).url);
    const asked = cas.validations.length;
    // A new sign-in in the same browser (a fresh cookie), replaying the spent ticket.
    await browser.follow(`${server.url}/signin/ent-cas/start`, (url) => url.origin !== server.url);
    const replay = await browser.follow(callback.href, atPlanningOrSignIn);
    expect(fragment(replay.url).get('error')).toBe('rejected');
    expect(cas.validations.length).toBe(asked);
    const ticket = callback.searchParams.get('ticket') ?? '';
    const direct = new URL(`${cas.baseUrl}/p3/serviceValidate`);
    direct.search = new URLSearchParams({
      service: `${server.url}/signin/ent-cas/callback`,
      ticket,
    }).toString();
    expect(await (await fetch(direct)).text()).toContain('code="INVALID_TICKET"');
  });

  it('holds an unknown person until a coordinator approves them, and forgets a rejected one', async () => {
    const coordinator = await signedIn(await oidcSignIn(new HttpBrowser(), 'coord'));
    const held = await casSignIn(new HttpBrowser(), 'o.pennington');
    expect(fragment(held).get('error')).toBe('held');
    await casSignIn(new HttpBrowser(), 'x.inconnu');
    const tutor = await signedIn(await oidcSignIn(new HttpBrowser(), 'emily'));
    expect((await api('/api/ent/requests', tutor.grant.token)).status).toBe(403);
    const { requests: listed } = (await (
      await api('/api/ent/requests', coordinator.grant.token)
    ).json()) as { requests: Array<{ id: string; entId: string; displayName: string }> };
    expect(listed.map((request) => request.entId).sort()).toEqual([
      'oliver@ent.example',
      'x@ent.example',
    ]);
    const oliver = listed.find((request) => request.entId === 'oliver@ent.example')!;
    expect(oliver.displayName).toBe('Oliver P.');
    const wrong = await api(`/api/ent/requests/${oliver.id}/approve`, coordinator.grant.token, {
      method: 'POST',
      body: JSON.stringify({ role: 'tutor', personId: 'tutor-nobody' }),
    });
    expect(wrong.status).toBe(404);
    const approved = await api(`/api/ent/requests/${oliver.id}/approve`, coordinator.grant.token, {
      method: 'POST',
      body: JSON.stringify({ role: 'tutor', personId: 'tutor-oliver' }),
    });
    expect(approved.status).toBe(200);
    const stranger = listed.find((request) => request.entId === 'x@ent.example')!;
    const rejected = await api(`/api/ent/requests/${stranger.id}`, coordinator.grant.token, {
      method: 'DELETE',
    });
    expect(rejected.status).toBe(200);
    expect(await store.listEntRequests()).toEqual([]);
    const now = await signedIn(await casSignIn(new HttpBrowser(), 'o.pennington'));
    expect(now.claims).toMatchObject({
      role: 'tutor',
      sub: 'tutor-oliver',
      name: 'Oliver Pennington',
    });
  });
});

describe('ENT sign-in and revocation', () => {
  it("refuses a handoff code once the person's tokens were revoked, and signs in afresh", async () => {
    const earlier = await signedIn(await oidcSignIn(new HttpBrowser(), 'emily'));
    const pending = await oidcSignIn(new HttpBrowser(), 'emily');
    const revoked = await api('/api/credentials/people/tutor-emily/tokens', earlier.grant.token, {
      method: 'DELETE',
    });
    expect(revoked.status).toBe(200);
    expect((await exchange(fragment(pending).get('code') ?? '')).status).toBe(401);
    expect((await api('/api/planning/tutors', earlier.grant.token)).status).toBe(401);
    const fresh = await signedIn(await oidcSignIn(new HttpBrowser(), 'emily'));
    expect(fresh.claims.kv).toBe(earlier.claims.kv + 1);
    expect((await api('/api/planning/tutors', fresh.grant.token)).status).toBe(200);
  });
});
