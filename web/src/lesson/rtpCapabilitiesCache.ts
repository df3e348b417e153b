/**
 * The receive capabilities this browser computed (mediasoup-client's Device) for the server's
 * router the last time, kept in localStorage: they depend only on the browser and the router's
 * codecs, so the connect-only path can join with them before mediasoup-client has even arrived.
 * The lesson client checks them against its own Device (`matchesCachedJoin`) before using the
 * answer. Nothing personal: codecs and header extensions.
 */
const STORAGE_KEY = 'passerelle:recv-rtp-capabilities';

export interface CachedCapabilities {
  /** The router's capabilities as canonical JSON (`canonicalJson`). */
  router: string;
  /** The Device's recvRtpCapabilities for that router, as JSON. */
  recv: string;
}

export function readCachedCapabilities(): CachedCapabilities | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { router, recv } = value as Record<string, unknown>;
    return typeof router === 'string' && typeof recv === 'string' ? { router, recv } : null;
  } catch {
    return null; // storage disabled or corrupt: the lesson client joins by itself
  }
}

export function storeCachedCapabilities(router: unknown, recv: unknown): void {
  try {
    const value = { router: canonicalJson(router), recv: JSON.stringify(recv) };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // storage full or disabled: the next page joins after its Device has loaded, as it did
  }
}

/**
 * JSON with every object's keys sorted: the early path compares the router's raw answer with
 * what the lesson client stored after parsing it, and parsing may reorder keys.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/**
 * Whether `json` (a cached value) and `value` are the same capabilities, whatever the order of
 * their keys: a Device loaded from the cached (canonical) router capabilities builds its
 * receive capabilities' codec parameters in that order, not the server's.
 */
export function sameCapabilities(json: string, value: unknown): boolean {
  try {
    return canonicalJson(JSON.parse(json)) === canonicalJson(value);
  } catch {
    return false;
  }
}
