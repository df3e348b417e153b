import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface CasUser {
  /** Attributes released to the service, by name (CAS 3.0 §2.5.7). */
  attributes: Record<string, string>;
}

export interface TestCasServer {
  /** The CAS base URL (…/cas), as a town's configuration names it. */
  baseUrl: string;
  /** serviceValidate requests received, in order (what a test counts). */
  validations: Array<{ service: string; ticket: string }>;
  /** Moves the server's clock on (ticket expiry). */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** CAS 3.0 §3.1.1: service tickets should not live longer than 5 minutes; we take 10 s. */
export const CAS_TICKET_TTL_MS = 10_000;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

function failureXml(code: string, message: string): string {
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationFailure code="${code}">${escapeXml(message)}</cas:authenticationFailure>
</cas:serviceResponse>`;
}

function successXml(user: string, attributes: Record<string, string>): string {
  const lines = Object.entries(attributes).map(
    ([name, value]) => `      <cas:${name}>${escapeXml(value)}</cas:${name}>`,
  );
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess>
    <cas:user>${escapeXml(user)}</cas:user>
    <cas:attributes>
${lines.join('\n')}
    </cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>`;
}

/**
 * A CAS 3.0 server stand-in (protocol spec §2.1, §2.2, §2.5, §3.1): `/cas/login` shows a
 * credential form for `service` and, once posted, redirects to the service with a
 * `ST-` ticket; `/cas/p3/serviceValidate` answers the XML of §2.5.2 with the user's
 * attributes. A ticket is valid once, for its own service, for CAS_TICKET_TTL_MS: every
 * validation attempt spends it (§3.1.1), a wrong service is INVALID_SERVICE, an unknown,
 * spent or expired ticket INVALID_TICKET, missing parameters INVALID_REQUEST.
 */
export async function startCasServer(users: Record<string, CasUser>): Promise<TestCasServer> {
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const tickets = new Map<string, { user: string; service: string; issuedAt: number }>();
  const validations: TestCasServer['validations'] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.get('/cas/login', (req, res) => {
    const service = typeof req.query.service === 'string' ? req.query.service : '';
    res.type('html').send(`<form method="post" action="/cas/login">
  <input type="hidden" name="service" value="${escapeXml(service)}">
  <input name="username"><input name="password" type="password"><button>Se connecter</button>
</form>`);
  });
  app.post('/cas/login', (req, res) => {
    const { service, username } = req.body as Record<string, string | undefined>;
    if (!username || !users[username] || !service) return void res.status(401).send('bad login');
    const ticket = `ST-${randomBytes(24).toString('base64url')}`;
    tickets.set(ticket, { user: username, service, issuedAt: now() });
    const target = new URL(service);
    target.searchParams.set('ticket', ticket);
    res.redirect(302, target.href);
  });
  app.get('/cas/p3/serviceValidate', (req, res) => {
    res.type('application/xml');
    const { service, ticket } = req.query;
    if (typeof service !== 'string' || typeof ticket !== 'string')
      return void res.send(failureXml('INVALID_REQUEST', 'service and ticket are required'));
    validations.push({ service, ticket });
    const issued = tickets.get(ticket);
    tickets.delete(ticket);
    if (!issued || now() - issued.issuedAt > CAS_TICKET_TTL_MS)
      return void res.send(failureXml('INVALID_TICKET', `Ticket ${ticket} not recognized`));
    if (issued.service !== service)
      return void res.send(
        failureXml('INVALID_SERVICE', `Ticket ${ticket} was not issued for ${service}`),
      );
    res.send(successXml(issued.user, users[issued.user]?.attributes ?? {}));
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cas`,
    validations,
    advance: (ms) => void (offsetMs += ms),
    async close() {
      server.close();
      server.closeAllConnections();
    },
  };
}
