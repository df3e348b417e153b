import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { CasProviderConfig } from './config';
import type { SingleUseEntries } from './sharedState';
import type { EntIdentity, SignInFailure } from './identity';
import { claimText, signInFailure } from './identity';

const CAS_TIMEOUT_MS = 10_000;
/** CAS tickets live seconds to minutes; remembering them a day outlasts any of them. */
export const CAS_TICKET_SEEN_MS = 24 * 60 * 60 * 1000;

/** CAS 3.0 §2.5.1: `ST-`, at most 256 characters; service tickets only (no proxy). */
const TICKET_PATTERN = /^ST-[A-Za-z0-9._-]{1,253}$/;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
});

/** The parts of a CAS 3.0 serviceResponse we read (cas: prefix removed). */
interface ServiceResponse {
  authenticationSuccess?: { user?: unknown; attributes?: Record<string, unknown> };
  authenticationFailure?: { '@code'?: string; '#text'?: string } | string;
}

/**
 * One CAS 3.0 server: the browser goes to `/login?service=`, comes back with a ticket,
 * and we validate it at `/p3/serviceValidate` with the exact same service URL. The CAS
 * server makes tickets single-use; we also refuse, before asking it, a ticket we saw.
 */
export class CasSignIn {
  constructor(
    readonly config: CasProviderConfig,
    private readonly serviceUrl: string,
    /** The tickets already seen (CAS_TICKET_SEEN_MS), shared by the nodes of a cluster. */
    private readonly seen: SingleUseEntries<true>,
  ) {}

  loginUrl(): URL {
    const url = new URL(`${this.#base()}/login`);
    url.searchParams.set('service', this.serviceUrl);
    return url;
  }

  async finish(ticket: string): Promise<EntIdentity | SignInFailure> {
    if (!TICKET_PATTERN.test(ticket)) return signInFailure('rejected', 'CAS: malformed ticket');
    const key = createHash('sha256').update(ticket).digest('base64url');
    if (!(await this.seen.claim(key))) return signInFailure('rejected', 'CAS: ticket already used');
    const url = new URL(`${this.#base()}/p3/serviceValidate`);
    url.searchParams.set('service', this.serviceUrl);
    url.searchParams.set('ticket', ticket);
    let body: string;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(CAS_TIMEOUT_MS) });
      if (!response.ok) return signInFailure('rejected', `CAS: HTTP ${response.status}`);
      body = await response.text();
    } catch (error) {
      return signInFailure('rejected', `CAS unreachable: ${(error as Error).message}`);
    }
    return this.#identityFrom(body);
  }

  #identityFrom(xml: string): EntIdentity | SignInFailure {
    let response: ServiceResponse | undefined;
    try {
      response = (parser.parse(xml) as { serviceResponse?: ServiceResponse }).serviceResponse;
    } catch {
      return signInFailure('rejected', 'CAS: the answer is not XML');
    }
    const failure = response?.authenticationFailure;
    if (failure !== undefined) {
      const code = typeof failure === 'string' ? 'UNKNOWN' : (failure['@code'] ?? 'UNKNOWN');
      return signInFailure('rejected', `CAS: ${code}`);
    }
    const success = response?.authenticationSuccess;
    if (!success) return signInFailure('rejected', 'CAS: no serviceResponse');
    const values: Record<string, unknown> = { ...success.attributes, user: success.user };
    const entId = claimText(values[this.config.identifier]);
    if (!entId) return signInFailure('rejected', `CAS: no ${this.config.identifier} attribute`);
    const name = this.config.nameAttribute ? claimText(values[this.config.nameAttribute]) : null;
    return { provider: this.config.id, entId, displayName: name };
  }

  #base(): string {
    return this.config.baseUrl.replace(/\/+$/, '');
  }
}
