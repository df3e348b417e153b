import type { types } from 'mediasoup';
import type { ConnectivityProbe, ProbeTransports } from '../../sfu';
import type { IceServer, ProbeRequestName, RequestPayload, ResponseData } from '../protocol';
import type { CheckConnection } from './CheckConnection';

type CheckHandler<K extends ProbeRequestName> = (
  check: CheckConnection,
  payload: RequestPayload<K>,
) => Promise<ResponseData<K>>;

/*
 * One handler per probe request. Payloads are parsed by the protocol's schemas first; the
 * `as types.X` hand the checked structure to mediasoup, whose refusals become invalid_request.
 */
export const CHECK_HANDLERS: { [K in ProbeRequestName]: CheckHandler<K> } = {
  startCheck(check) {
    return check.start();
  },

  async createProbe(check, { path }) {
    const probe = check.probe();
    if (path === 'udp' || path === 'tcp') {
      const opened = await probe.openProbe(path);
      return ready(opened, [], 'all', probe);
    }
    const listener = check.turnListener(path);
    if (!listener || !check.relay) return { status: 'not_configured' };
    const opened = await probe.openProbe('relay');
    // Only this path's URL: with `relay` policy the browser then has no other way through.
    return ready(opened, check.relay.iceServersFor(check.id, [listener.url]), 'relay', probe);
  },

  async connectProbe(check, { probeId, side, dtlsParameters }) {
    await check.probe().connect(probeId, side, dtlsParameters as types.DtlsParameters);
    return {};
  },

  async produceProbe(check, { probeId, rtpParameters }) {
    const producerId = await check.probe().produce(probeId, rtpParameters as types.RtpParameters);
    return { producerId };
  },

  consumeProbe(check, { probeId, rtpCapabilities }) {
    return check.probe().consume(probeId, rtpCapabilities as types.RtpCapabilities);
  },

  probeStats(check, { probeId }) {
    return check.probe().stats(probeId);
  },

  async closeProbe(check, { probeId }) {
    check.probe().closeProbe(probeId);
    return {};
  },
};

function ready(
  opened: ProbeTransports,
  iceServers: IceServer[],
  iceTransportPolicy: 'all' | 'relay',
  probe: ConnectivityProbe,
): ResponseData<'createProbe'> {
  return {
    status: 'ready',
    ...opened,
    iceServers,
    iceTransportPolicy,
    closesInMs: probe.lifetimeMs,
  };
}
