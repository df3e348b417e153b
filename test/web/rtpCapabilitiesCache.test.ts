import { describe, expect, it } from 'vitest';
import { canonicalJson, readCachedCapabilities } from '../../web/src/lesson/rtpCapabilitiesCache';

describe('the receive capabilities cached for the connect-only path', () => {
  it('compares the router’s capabilities whatever order parsing gave their keys', () => {
    const raw = { codecs: [{ mimeType: 'video/VP8', clockRate: 90000 }], headerExtensions: [] };
    const parsed = { headerExtensions: [], codecs: [{ clockRate: 90000, mimeType: 'video/VP8' }] };
    expect(canonicalJson(parsed)).toBe(canonicalJson(raw));
  });

  it('tells apart capabilities that differ in a value or in the order of their codecs', () => {
    const vp8 = { mimeType: 'video/VP8', clockRate: 90000 };
    const opus = { mimeType: 'audio/opus', clockRate: 48000 };
    expect(canonicalJson({ codecs: [vp8, opus] })).not.toBe(canonicalJson({ codecs: [opus, vp8] }));
    expect(canonicalJson({ codecs: [vp8] })).not.toBe(
      canonicalJson({ codecs: [{ ...vp8, clockRate: 48000 }] }),
    );
  });

  it('reads nothing, without throwing, where there is no storage', () => {
    expect(readCachedCapabilities()).toBeNull();
  });
});
