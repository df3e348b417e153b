import { describe, expect, it } from 'vitest';
import { Device, type types } from 'mediasoup-client';
import {
  cachingHandlerFactory,
  NATIVE_CAPABILITIES_KEY,
} from '../../web/src/lesson/nativeCapabilities';

/** A browser's native capabilities as Chromium's probe gives them (trimmed to two codecs). */
const NATIVE: types.RtpCapabilities = {
  codecs: [
    {
      kind: 'audio',
      mimeType: 'audio/opus',
      preferredPayloadType: 111,
      clockRate: 48000,
      channels: 2,
      parameters: { minptime: 10, useinbandfec: 1 },
      rtcpFeedback: [{ type: 'transport-cc' }],
    },
    {
      kind: 'video',
      mimeType: 'video/VP8',
      preferredPayloadType: 96,
      clockRate: 90000,
      parameters: {},
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
    },
  ],
  headerExtensions: [],
};

const ROUTER: types.RtpCapabilities = {
  codecs: [
    {
      kind: 'audio',
      mimeType: 'audio/opus',
      preferredPayloadType: 100,
      clockRate: 48000,
      channels: 2,
    },
    { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, clockRate: 90000 },
  ],
  headerExtensions: [],
};

/** Storage as the browser's localStorage behaves, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

/** A handler factory whose probe is counted (the RTCPeerConnection a browser would build). */
function probingFactory() {
  const probes: string[] = [];
  const base: types.HandlerFactory = {
    name: 'Probe',
    factory: () => {
      throw new Error('no transport in these tests');
    },
    getNativeRtpCapabilities: async ({ direction }) => {
      probes.push(direction);
      return structuredClone(NATIVE);
    },
  };
  return { base, probes };
}

async function load(storage: Storage, key = 'ua-1') {
  const { base, probes } = probingFactory();
  const sources: string[] = [];
  const factory = cachingHandlerFactory(base, key, storage, (direction, source) =>
    sources.push(`${direction}:${source}`),
  );
  const device = new Device({ handlerFactory: factory });
  await device.load({ routerRtpCapabilities: structuredClone(ROUTER) });
  return { device, probes, sources };
}

describe('this browser’s native capabilities, cached for Device.load', () => {
  it('probes on the first visit, then loads the same Device from the cache without probing', async () => {
    const storage = memoryStorage();
    const first = await load(storage);
    expect(first.probes).toEqual(['recvonly', 'sendonly']);
    expect(first.sources).toEqual(['recvonly:probe', 'sendonly:probe']);

    const warm = await load(storage);
    expect(warm.probes).toEqual([]);
    expect(warm.sources).toEqual(['recvonly:cache', 'sendonly:cache']);
    expect(warm.device.recvRtpCapabilities).toEqual(first.device.recvRtpCapabilities);
    expect(warm.device.sendRtpCapabilities).toEqual(first.device.sendRtpCapabilities);
    expect(warm.device.canProduce('video')).toBe(true);
  });

  it('probes again when the cache is corrupt, invalid or from another browser build', async () => {
    const corruptions = [
      '{not json',
      JSON.stringify({ key: 'ua-1', recvonly: { codecs: 'VP8' }, sendonly: 7 }),
      JSON.stringify({ key: 'ua-1', recvonly: { codecs: [{ mimeType: 'VP8' }] } }),
      JSON.stringify({ key: 'ua-0', recvonly: NATIVE, sendonly: NATIVE }),
      'null',
    ];
    for (const corrupt of corruptions) {
      const storage = memoryStorage();
      storage.setItem(NATIVE_CAPABILITIES_KEY, corrupt);
      const { device, probes } = await load(storage);
      expect(probes, corrupt).toEqual(['recvonly', 'sendonly']);
      expect(device.loaded).toBe(true);
      // ... and the probe replaced the bad entry: the next page is served from the cache.
      expect((await load(storage)).probes, corrupt).toEqual([]);
    }
  });

  it('probes, without throwing, where there is no storage', async () => {
    const { base, probes } = probingFactory();
    const device = new Device({ handlerFactory: cachingHandlerFactory(base, 'ua-1', undefined) });
    await device.load({ routerRtpCapabilities: structuredClone(ROUTER) });
    expect(probes).toEqual(['recvonly', 'sendonly']);
  });
});
