import type { Page } from 'playwright-core';

/** One simulcast encoding of the page's camera as the sender's `outbound-rtp` stats show it. */
export interface SentEncoding {
  rid: string;
  /** Chrome's own word: the encoding is switched on (RTCRtpEncodingParameters.active). */
  active: boolean;
  framesEncoded: number;
  bytesSent: number;
}

/** The camera's encodings by rid (r0 lowest), read from the send transport's statistics. */
export function sentEncodings(page: Page): Promise<Record<string, SentEncoding>> {
  return page.evaluate(async () => {
    const { send } = (await window.passerelleLesson?.transportStats()) ?? { send: null };
    const encodings: Record<string, SentEncoding> = {};
    send?.forEach((stat: Record<string, unknown>) => {
      if (stat.type !== 'outbound-rtp' || stat.kind !== 'video') return;
      const rid = String(stat.rid ?? 'r0');
      encodings[rid] = {
        rid,
        active: stat.active !== false,
        framesEncoded: Number(stat.framesEncoded ?? 0),
        bytesSent: Number(stat.bytesSent ?? 0),
      };
    });
    return encodings;
  });
}

/**
 * A predicate for `waitFor`: true once `rid` is seen encoding (switched on and
 * its frame count grown since the previous call) or idle (switched off and not
 * grown), as `wanted` says. Each call compares with the one before, so the
 * waiting is on the stats' own progress, never on a duration.
 */
export function encodingState(
  page: Page,
  rid: string,
  wanted: 'encoding' | 'idle',
): () => Promise<boolean> {
  let previous: number | undefined;
  return async () => {
    const encoding = (await sentEncodings(page))[rid];
    if (!encoding) return false;
    const grown = previous !== undefined && encoding.framesEncoded > previous;
    const still = previous !== undefined && encoding.framesEncoded === previous;
    previous = encoding.framesEncoded;
    return wanted === 'encoding' ? encoding.active && grown : !encoding.active && still;
  };
}
