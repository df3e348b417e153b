import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OidcAccount {
  email: string;
  name: string;
}

export interface OidcClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TestOidcProvider {
  issuer: string;
  /** Starts the provider with its clients (their redirect URIs are known once Passerelle listens). */
  register(clients: OidcClientRegistration[]): Promise<void>;
  /** Makes the next token endpoint answer carry this ID token instead of its own. */
  replaceNextIdToken(idToken: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (npm `oidc-provider`, certified) on loopback, with its development
 * login form (any password) and consent granted at once. It listens behind a small
 * pass-through proxy at the issuer's address, which can swap the ID token of one token
 * answer: the only way to hand a client a genuine, well-signed ID token meant for
 * another client, as a mix-up would.
 */
export async function startOidcProvider(
  accounts: Record<string, OidcAccount>,
): Promise<TestOidcProvider> {
  const front = createServer();
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  let backPort = 0;
  const back = await startBack(issuer, accounts);
  let swap: string | undefined;
  front.on('request', (req, res) => {
    if (backPort === 0) return void res.writeHead(503).end();
    const forwarded = httpRequest(
      {
        host: '127.0.0.1',
        port: backPort,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        const replacement = req.url === '/token' ? swap : undefined;
        if (replacement === undefined) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          return void answer.pipe(res);
        }
        swap = undefined;
        void readBody(answer).then((text) => {
          const body = JSON.parse(text) as Record<string, unknown>;
          const swapped = JSON.stringify({ ...body, id_token: replacement });
          const headers = {
            ...answer.headers,
            'content-length': String(Buffer.byteLength(swapped)),
          };
          res.writeHead(answer.statusCode ?? 502, headers).end(swapped);
        });
      },
    );
    req.pipe(forwarded);
  });
  return {
    issuer,
    async register(clients) {
      backPort = await back.listen(clients);
    },
    replaceNextIdToken: (idToken) => void (swap = idToken),
    async close() {
      for (const server of [front, back.server]) {
        server?.close();
        server?.closeAllConnections();
      }
    },
  };
}

async function startBack(issuer: string, accounts: Record<string, OidcAccount>) {
  let server: Server | undefined;
  return {
    get server() {
      return server;
    },
    async listen(clients: OidcClientRegistration[]): Promise<number> {
      server = createServer(createProvider(issuer, accounts, clients).callback());
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    },
  };
}

function createProvider(
  issuer: string,
  accounts: Record<string, OidcAccount>,
  clients: OidcClientRegistration[],
): Provider {
  return new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [client.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-oidc-provider-cookie-key'] },
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
}

function readBody(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString()));
    stream.on('error', reject);
  });
}
