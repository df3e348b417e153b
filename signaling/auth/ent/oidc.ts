import * as client from 'openid-client';
import type { OidcProviderConfig } from './config';
import type { EntIdentity, SignInFailure } from './identity';
import { claimText, signInFailure } from './identity';

/** What an OIDC sign-in keeps server-side between the redirect and the callback. */
export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * One OpenID Provider through openid-client (certified): issuer discovery, the
 * authorization code flow with PKCE (S256), `state` and `nonce`. The library validates
 * the ID token (signature from the issuer's keys, issuer, audience = our client id,
 * expiry, nonce); we only read the configured claim from it.
 */
export class OidcSignIn {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(
    readonly config: OidcProviderConfig,
    private readonly redirectUri: string,
  ) {}

  async start(): Promise<{ url: URL; pending: OidcPending }> {
    const configuration = await this.#discover();
    const pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.config.scope,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** `currentUrl`: the callback as the browser reached it (code, state, iss). */
  async finish(currentUrl: URL, pending: OidcPending): Promise<EntIdentity | SignInFailure> {
    const configuration = await this.#discover();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      return signInFailure('rejected', `OpenID Connect: ${(error as Error).message}`);
    }
    const idClaims = tokens.claims();
    if (!idClaims) return signInFailure('rejected', 'OpenID Connect: no ID token');
    let claims: Record<string, unknown> = idClaims;
    const wanted = [this.config.identifier, this.config.nameAttribute].filter(Boolean);
    // Providers often keep e-mail and name out of the ID token and answer them at userinfo.
    if (wanted.some((name) => claims[name as string] === undefined)) {
      const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims };
    }
    const entId = claimText(claims[this.config.identifier]);
    if (!entId) return signInFailure('rejected', `no ${this.config.identifier} claim`);
    const name = this.config.nameAttribute ? claimText(claims[this.config.nameAttribute]) : null;
    return { provider: this.config.id, entId, displayName: name };
  }

  #discover(): Promise<client.Configuration> {
    const issuer = new URL(this.config.issuer);
    const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
    this.#configuration ??= client
      .discovery(issuer, this.config.clientId, this.config.clientSecret, undefined, { execute })
      .catch((error: unknown) => {
        // The ENT may be down at our start; the next sign-in discovers again.
        this.#configuration = undefined;
        throw error;
      });
    return this.#configuration;
  }
}
