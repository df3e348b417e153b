import { randomUUID } from 'node:crypto';
import { ConnectivityProbe, type WorkerPool } from '../../sfu';
import type { ServerConfig } from '../config';
import { ProtocolError, checkCapabilities, type Capability, type ProbePath } from '../protocol';
import type { TurnRelay } from '../turnCredentials';
import type { CheckGate } from './CheckGate';
import { checkTargets, turnListeners, type TurnListener } from './checkTargets';
import type { CheckClaims } from './checkTokens';

/** What every check connection shares: the media workers, the relay, the gate. */
export interface CheckServices {
  pool: WorkerPool;
  relay: TurnRelay | null;
  gate: CheckGate;
  config: Pick<ServerConfig, 'RTC_ANNOUNCED_IP' | 'RTC_LISTEN_IP'>;
  /** Tests shorten the probes' life and change their number. */
  probeLifetimeMs?: number;
  maxOpenProbes?: number;
}

type CheckState =
  | { kind: 'connected' }
  | { kind: 'starting' }
  | { kind: 'checking'; probe: ConnectivityProbe; release: () => void }
  | { kind: 'over' };

/**
 * One readiness check's connection: a whiteboard probing its network with a check token.
 * It moves through connected → starting → checking → over, in this object only; `over`
 * releases the classroom's check and closes every probe.
 */
export class CheckConnection {
  /** Opaque: the TURN credentials' subject, so coturn's logs name no class. */
  readonly id = randomUUID();
  readonly capabilities: ReadonlySet<Capability> = checkCapabilities();
  readonly claims: CheckClaims;
  readonly #services: CheckServices;
  #state: CheckState = { kind: 'connected' };

  constructor(claims: CheckClaims, services: CheckServices) {
    this.claims = claims;
    this.#services = services;
  }

  get state(): CheckState['kind'] {
    return this.#state.kind;
  }

  async start() {
    if (this.#state.kind !== 'connected')
      throw new ProtocolError('conflict', 'this connection has already started its check');
    // Starting before the gate's answer: a second `startCheck` meanwhile is a conflict.
    this.#state = { kind: 'starting' };
    const release = await this.#services.gate.begin(this.claims.sub).catch((error: unknown) => {
      if (this.#state.kind === 'starting') this.#state = { kind: 'connected' };
      throw error;
    });
    try {
      const { pool, maxOpenProbes, probeLifetimeMs } = this.#services;
      const probe = await ConnectivityProbe.create({ pool, maxOpenProbes, probeLifetimeMs });
      if (this.state === 'over') {
        probe.close();
        throw new ProtocolError('conflict', 'this check is over');
      }
      this.#state = { kind: 'checking', probe, release };
      return { rtpCapabilities: probe.rtpCapabilities, ...(await this.#plan()) };
    } catch (error) {
      release();
      throw error;
    }
  }

  probe(): ConnectivityProbe {
    if (this.#state.kind !== 'checking')
      throw new ProtocolError('conflict', 'start the check before probing');
    return this.#state.probe;
  }

  /** The relay listener of a TURN path, or null when the server has none for it. */
  turnListener(path: ProbePath): TurnListener | null {
    const urls = this.#services.relay?.urls ?? [];
    return turnListeners(urls).find((listener) => listener.path === path) ?? null;
  }

  get relay(): TurnRelay | null {
    return this.#services.relay;
  }

  close(): void {
    const state = this.#state;
    this.#state = { kind: 'over' };
    if (state.kind !== 'checking') return;
    state.probe.close();
    state.release();
  }

  async #plan() {
    const { config, pool, relay } = this.#services;
    const targets = await checkTargets(config, pool, relay?.urls ?? []);
    const paths: ProbePath[] = ['udp', 'tcp', ...targets.turn.map((turn) => turn.path)];
    return { targets, paths };
  }
}
