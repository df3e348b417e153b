import { Device, detectDevice, ortc, version, type types } from 'mediasoup-client';
import { Chrome111 } from 'mediasoup-client/handlers/Chrome111';

/**
 * This browser's native RTP capabilities (what mediasoup-client's handler reads from an
 * RTCPeerConnection's offer in `Device.load`), kept in localStorage: building that peer
 * connection and its offer cost ~110 ms of an old PC's main thread just before the first frame
 * (issue 14). They depend only on the browser's build, so they are keyed by its user agent and
 * mediasoup-client's version; anything else read back (corrupt, stale, invalid) means probing
 * as before. Nothing personal: codecs and header extensions.
 */
export const NATIVE_CAPABILITIES_KEY = 'passerelle:native-rtp-capabilities';

type Direction = types.HandlerGetNativeRtpCapabilitiesOptions['direction'];

/** Told, per direction Device.load asks for, whether the cache answered (tests and traces). */
export type NativeCapabilitiesUse = (direction: Direction, source: 'cache' | 'probe') => void;

/**
 * `base` with `getNativeRtpCapabilities` answered from `storage` when it holds valid
 * capabilities for `key`, and probed by `base` (then stored) otherwise.
 */
export function cachingHandlerFactory(
  base: types.HandlerFactory,
  key: string,
  storage: Storage | undefined,
  onSource: NativeCapabilitiesUse = () => undefined,
): types.HandlerFactory {
  return {
    name: base.name,
    factory: (options) => base.factory(options),
    getNativeRtpCapabilities: async (options) => {
      const cached = readNative(storage, key, options.direction);
      if (cached) {
        onSource(options.direction, 'cache');
        return cached;
      }
      const probed = await base.getNativeRtpCapabilities(options);
      onSource(options.direction, 'probe');
      storeNative(storage, key, options.direction, probed);
      return probed;
    },
  };
}

function readNative(
  storage: Storage | undefined,
  key: string,
  direction: Direction,
): types.RtpCapabilities | null {
  try {
    const entry: unknown = JSON.parse(storage?.getItem(NATIVE_CAPABILITIES_KEY) ?? 'null');
    if (typeof entry !== 'object' || entry === null) return null;
    const { key: entryKey, [direction]: capabilities } = entry as Record<string, unknown>;
    if (entryKey !== key || typeof capabilities !== 'object' || capabilities === null) return null;
    // The check Device.load makes (on a copy, as it normalises): what fails it is probed instead.
    ortc.validateAndNormalizeRtpCapabilities(
      structuredClone(capabilities) as types.RtpCapabilities,
    );
    return capabilities as types.RtpCapabilities;
  } catch {
    return null;
  }
}

function storeNative(
  storage: Storage | undefined,
  key: string,
  direction: Direction,
  capabilities: types.RtpCapabilities,
): void {
  try {
    // The other direction's entry is kept if it is for this browser build; a corrupt one goes.
    const other = direction === 'recvonly' ? 'sendonly' : 'recvonly';
    const kept = readNative(storage, key, other);
    const value = { key, [direction]: capabilities, ...(kept ? { [other]: kept } : {}) };
    storage?.setItem(NATIVE_CAPABILITIES_KEY, JSON.stringify(value));
  } catch {
    // storage full or disabled: the next page probes again, as it did
  }
}

function localStorageOrNothing(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // access refused (storage disabled)
  }
}

/** Marked when a Device's load took this browser's capabilities from the cache (a test reads it). */
export const NATIVE_CACHED_MARK = 'passerelle:native-capabilities-cached';

/**
 * A Device whose `load` reads this browser's native capabilities from the cache when it can.
 * Only Chromium's handler (Chrome111, the classroom PCs' browser) is wrapped; any other browser
 * gets mediasoup-client's own Device, probing as before.
 */
export function newDevice(): Device {
  if (detectDevice() !== 'Chrome111') return new Device();
  const onSource: NativeCapabilitiesUse = (direction, source) => {
    if (source === 'cache') performance.mark(NATIVE_CACHED_MARK, { detail: direction });
  };
  const key = `${version}|${navigator.userAgent}`;
  const base = Chrome111.createFactory({});
  return new Device({
    handlerFactory: cachingHandlerFactory(base, key, localStorageOrNothing(), onSource),
  });
}

/** A Device for the router's capabilities (when the early receive path has none to hand over). */
export async function loadDevice(routerCapabilities: unknown): Promise<Device> {
  const device = newDevice();
  await device.load({ routerRtpCapabilities: routerCapabilities as types.RtpCapabilities });
  return device;
}
