import type { PlanningStore } from '../../../lesson-plans';
import { planningRoleSchema } from '../../../lesson-plans/contract/roles';
import type { ApiTokenIssuer } from '../apiTokens';
import { API_TOKEN_TTL_SECONDS } from '../apiTokens';
import { CAS_TICKET_SEEN_MS, CasSignIn } from './cas';
import type { EntConfig } from './config';
import { z } from 'zod';
import { randomId } from './expiring';
import type { EntIdentity, SignInFailure } from './identity';
import { isFailure, signInFailure } from './identity';
import { OidcSignIn, type OidcPending } from './oidc';
import { resolveEntPerson, type EntPerson } from './people';
import { memoryEntState, type EntSharedState, type SingleUseEntries } from './sharedState';

/** A sign-in's state (state, nonce, PKCE verifier) lives this long between redirect and callback. */
export const SIGN_IN_FLOW_TTL_MS = 10 * 60 * 1000;
/** The handoff code in /planning#code=… is exchanged within this, once. */
export const HANDOFF_CODE_TTL_MS = 60 * 1000;

const pendingSchema = z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string() });
/** A sign-in between its redirect and its callback (parsed back from shared state). */
const flowSchema = z.discriminatedUnion('kind', [
  z.object({ provider: z.string(), kind: z.literal('oidc'), oidc: pendingSchema }),
  z.object({ provider: z.string(), kind: z.literal('cas') }),
]);
type Flow = z.infer<typeof flowSchema> & { oidc?: OidcPending };

/** What a handoff code stands for: a person, at the credential version read at sign-in. */
const handoffSchema = z.object({
  role: planningRoleSchema,
  personId: z.string(),
  name: z.string(),
  keyVersion: z.number().int(),
});
type Handoff = EntPerson & { keyVersion: number };

export interface ApiTokenGrant {
  token: string;
  role: EntPerson['role'];
  name: string;
  expiresAt: string;
}

export interface EntSignInOptions {
  config: EntConfig;
  store: PlanningStore;
  apiTokens: ApiTokenIssuer;
  /** PUBLIC_URL, known once the server listens. */
  baseUrl: () => string;
  now?: () => number;
  /** Where flows and handoff codes live (default: this process; Redis in a cluster). */
  sharedState?: EntSharedState;
}

/**
 * The ENT sign-in, one object owning its state: the pending sign-ins (by the random id in
 * the browser's cookie), the handoff codes, and one client per configured ENT. A sign-in
 * ends in a handoff code, never in a token in a URL: the planning page exchanges the
 * code (POST, once, within a minute) for the person's usual 12 h API token.
 */
export class EntSignIn {
  readonly #flows: SingleUseEntries<Flow>;
  readonly #handoffs: SingleUseEntries<Handoff>;
  readonly #state: EntSharedState;
  readonly #clients = new Map<string, OidcSignIn | CasSignIn>();

  constructor(private readonly options: EntSignInOptions) {
    this.#state = options.sharedState ?? memoryEntState(options.now);
    this.#flows = this.#state.entries('flow', SIGN_IN_FLOW_TTL_MS, flowSchema);
    this.#handoffs = this.#state.entries('handoff', HANDOFF_CODE_TTL_MS, handoffSchema);
  }

  get config(): EntConfig {
    return this.options.config;
  }

  /** The shared state's budgets, for the routes' rate limit. */
  get sharedState(): EntSharedState {
    return this.#state;
  }

  /** The redirect URI (OIDC) or service URL (CAS) of a provider, matched exactly by the ENT. */
  callbackUrl(providerId: string): string {
    const provider = this.config.providers.find((candidate) => candidate.id === providerId);
    const configured = provider?.kind === 'oidc' ? provider.redirectUri : provider?.serviceUrl;
    return configured ?? `${this.options.baseUrl()}/signin/${providerId}/callback`;
  }

  /** Where to send the browser, and the flow id its cookie will carry; undefined: no such ENT. */
  async start(providerId: string): Promise<{ url: URL; flowId: string } | undefined> {
    const signIn = this.#client(providerId);
    if (!signIn) return undefined;
    const flowId = randomId();
    if (signIn instanceof CasSignIn) {
      await this.#flows.set(flowId, { provider: providerId, kind: 'cas' });
      return { url: signIn.loginUrl(), flowId };
    }
    const { url, pending } = await signIn.start();
    await this.#flows.set(flowId, { provider: providerId, kind: 'oidc', oidc: pending });
    return { url, flowId };
  }

  /**
   * The callback: the flow named by the cookie (single-use) must be this provider's, the
   * ENT's answer must pass its checks, and the person must be known. Returns a handoff code.
   */
  async finish(
    providerId: string,
    flowId: string | undefined,
    query: URLSearchParams,
  ): Promise<{ code: string } | SignInFailure> {
    const flow = flowId === undefined ? undefined : await this.#flows.take(flowId);
    const signIn = this.#client(providerId);
    if (!flow || !signIn || flow.provider !== providerId)
      return signInFailure('expired', 'no sign-in in progress for this browser');
    const identity = await this.#identity(signIn, flow, providerId, query);
    if (isFailure(identity)) return identity;
    const person = await resolveEntPerson(this.options.store, this.config, identity);
    if (isFailure(person)) return person;
    const keyVersion = await this.options.store.credentialVersion('person', person.personId);
    const code = randomId();
    await this.#handoffs.set(code, { ...person, keyVersion });
    return { code };
  }

  /** The API token for a handoff code, once; refused if the person's tokens were revoked since. */
  async exchange(code: string): Promise<ApiTokenGrant | undefined> {
    const handoff = await this.#handoffs.take(code);
    if (!handoff) return undefined;
    const current = await this.options.store.credentialVersion('person', handoff.personId);
    if (current !== handoff.keyVersion) return undefined;
    const token = await this.options.apiTokens.mint(
      handoff.role,
      handoff.personId,
      handoff.name,
      API_TOKEN_TTL_SECONDS,
      current,
    );
    const now = this.options.now?.() ?? Date.now();
    const expiresAt = new Date(now + API_TOKEN_TTL_SECONDS * 1000).toISOString();
    return { token, role: handoff.role, name: handoff.name, expiresAt };
  }

  #identity(
    signIn: OidcSignIn | CasSignIn,
    flow: Flow,
    providerId: string,
    query: URLSearchParams,
  ): Promise<EntIdentity | SignInFailure> {
    if (signIn instanceof CasSignIn) {
      const ticket = query.get('ticket');
      if (!ticket) return Promise.resolve(signInFailure('rejected', 'CAS: no ticket'));
      return signIn.finish(ticket);
    }
    if (flow.kind !== 'oidc') return Promise.resolve(signInFailure('expired', 'flow mismatch'));
    const current = new URL(this.callbackUrl(providerId));
    current.search = query.toString();
    return signIn.finish(current, flow.oidc);
  }

  #client(providerId: string): OidcSignIn | CasSignIn | undefined {
    const known = this.#clients.get(providerId);
    if (known) return known;
    const provider = this.config.providers.find((candidate) => candidate.id === providerId);
    if (!provider) return undefined;
    const url = this.callbackUrl(providerId);
    const created =
      provider.kind === 'oidc'
        ? new OidcSignIn(provider, url)
        : new CasSignIn(
            provider,
            url,
            this.#state.entries('cas-ticket', CAS_TICKET_SEEN_MS, z.literal(true)),
          );
    this.#clients.set(providerId, created);
    return created;
  }
}
