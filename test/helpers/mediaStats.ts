import type { Page } from 'playwright-core';

/** What a page receives, summed per kind over its receive transport (one remote participant). */
export interface InboundMedia {
  atMs: number;
  audio: { concealedSamples: number; totalSamplesReceived: number };
  video: {
    frameWidth: number | null;
    framesPerSecond: number | null;
    framesDecoded: number;
    freezeCount: number;
  };
}

/** The page's inbound audio and video statistics (`getStats()`), mediasoup's probator left out. */
export function inboundMedia(page: Page): Promise<InboundMedia> {
  return page.evaluate(async () => {
    const media: InboundMedia = {
      atMs: performance.now(),
      audio: { concealedSamples: 0, totalSamplesReceived: 0 },
      video: { frameWidth: null, framesPerSecond: null, framesDecoded: 0, freezeCount: 0 },
    };
    const { recv } = (await window.passerelleLesson?.transportStats()) ?? { recv: null };
    recv?.forEach((stat: Record<string, unknown>) => {
      // SSRC 1234 is mediasoup's bandwidth probator, not a participant's stream.
      if (stat.type !== 'inbound-rtp' || stat.ssrc === 1234) return;
      const num = (key: string) => (typeof stat[key] === 'number' ? (stat[key] as number) : 0);
      if (stat.kind === 'audio') {
        media.audio.concealedSamples += num('concealedSamples');
        media.audio.totalSamplesReceived += num('totalSamplesReceived');
      } else if (stat.kind === 'video') {
        media.video.framesDecoded += num('framesDecoded');
        media.video.freezeCount += num('freezeCount');
        if (typeof stat.frameWidth === 'number') media.video.frameWidth = stat.frameWidth;
        if (typeof stat.framesPerSecond === 'number')
          media.video.framesPerSecond = stat.framesPerSecond;
      }
    });
    return media;
  });
}

/** The share of audio samples concealed between two readings (0 when none were received). */
export function concealmentBetween(before: InboundMedia, after: InboundMedia): number {
  const total = after.audio.totalSamplesReceived - before.audio.totalSamplesReceived;
  const concealed = after.audio.concealedSamples - before.audio.concealedSamples;
  return total <= 0 ? 0 : Math.max(0, concealed) / total;
}

/** The link states this page was told of (its own included): participant id → state. */
export function linkStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const links = window.passerelleLesson?.activity.store.get().links ?? {};
    return Object.fromEntries(
      Object.values(links).map((link) => [link.participantId, `${link.state}(${link.direction})`]),
    );
  });
}

/** One line a second of what a page receives, kept for the figures printed after the run. */
export class MediaTimeline {
  /** Where lines go as they are taken, so a failed test still prints what led to it. */
  readonly lines: string[];
  readonly #page: Page;
  readonly #label: string;
  /** More figures for each line (e.g. the server's estimate, the sender's encodings). */
  readonly #extra: (() => Promise<string>) | undefined;
  #startedAt = Date.now();
  #last: InboundMedia | undefined;

  constructor(lines: string[], page: Page, label: string, extra?: () => Promise<string>) {
    this.lines = lines;
    this.#page = page;
    this.#label = label;
    this.#extra = extra;
  }

  /** Starts a new phase: times are counted from here. */
  mark(phase: string): void {
    this.#startedAt = Date.now();
    this.lines.push(`  ${this.#label} — ${phase}`);
  }

  /** Seconds since the last mark. */
  elapsedS(): number {
    return (Date.now() - this.#startedAt) / 1000;
  }

  /** Takes one reading, records its line, and returns it. */
  async sample(): Promise<InboundMedia> {
    const media = await inboundMedia(this.#page);
    const links = await linkStates(this.#page);
    const previous = this.#last;
    this.#last = media;
    const concealed = previous ? (concealmentBetween(previous, media) * 100).toFixed(1) : '–';
    const { frameWidth, framesPerSecond, freezeCount } = media.video;
    this.lines.push(
      `    t=${this.elapsedS().toFixed(1).padStart(5)} s  video ${frameWidth ?? '–'}px ` +
        `${framesPerSecond ?? 0} fps (freezes ${freezeCount})  audio concealed ${concealed} %  ` +
        `link ${Object.values(links).join(' ') || 'full'}` +
        (this.#extra ? `  ${await this.#extra()}` : ''),
    );
    return media;
  }

  /**
   * Samples about once a second until `condition` holds on a reading; gives up after
   * `timeoutMs` with the condition's name (the waiting is on the stats, the second only paces it).
   */
  async until(
    condition: (media: InboundMedia) => boolean | Promise<boolean>,
    what: string,
    timeoutMs = 45_000,
  ): Promise<InboundMedia> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const media = await this.sample();
      if (await condition(media)) return media;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
