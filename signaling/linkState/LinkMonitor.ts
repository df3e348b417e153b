import type { MediaRoom } from '../../sfu';
import type { Participant } from '../Participant';
import type { QualityReport } from '../protocol';
import { LinkLifecycle, type LinkEffect, type LinkSummary } from './linkLifecycle';

/** mediasoup's estimate is updated about once a second; sampling faster sees nothing new. */
export const LINK_SAMPLE_INTERVAL_MS = 1_000;

/** What the monitor needs from its lesson. */
export interface LinkMonitorHost {
  /** Joined participants whose line is judged: visible ones only (nobody learns of a hidden one's). */
  participants(): Iterable<Participant>;
  /** The open media room, if any (none while it is being rebuilt). */
  room(): MediaRoom | undefined;
  /** Tells `subject` and whoever may know about it that its line changed. */
  announce(subject: Participant, summary: LinkSummary): void;
}

export interface LinkMonitorOptions {
  now?: () => number;
  /** 0: no timer, the owner calls `sample()` (tests). */
  sampleIntervalMs?: number;
}

interface Tracked {
  participant: Participant;
  lifecycle: LinkLifecycle;
  announced: LinkSummary;
}

/**
 * Keeps one `LinkLifecycle` per visible joined participant of a lesson, feeds it what the
 * media server measures (every second) and what the page reports of its uplink, announces
 * each change of its summary, tells the page to stop or restart its camera, and pauses or
 * resumes the video the participant receives. Microphones and audio consumers are never touched.
 */
export class LinkMonitor {
  readonly #host: LinkMonitorHost;
  readonly #now: () => number;
  readonly #tracked = new Map<string, Tracked>();
  readonly #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: LinkMonitorHost, options: LinkMonitorOptions = {}) {
    this.#host = host;
    this.#now = options.now ?? Date.now;
    const interval = options.sampleIntervalMs ?? LINK_SAMPLE_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.sample(), interval);
      this.#timer.unref?.();
    }
  }

  /** Every judged participant's current summary (tests, newcomers). */
  summaryOf(participantId: string): LinkSummary | undefined {
    return this.#tracked.get(participantId)?.announced;
  }

  /** One round: each participant's downlink sample and backoff timers. */
  sample(): void {
    const room = this.#host.room();
    const now = this.#now();
    const present = new Set<string>();
    for (const participant of this.#host.participants()) {
      present.add(participant.id);
      const tracked = this.#track(participant);
      const sample = room?.linkSample(participant.id);
      const effects = tracked.lifecycle.tick(now);
      const effect = sample ? tracked.lifecycle.sampleDownlink(sample, now) : null;
      this.#apply(tracked, effect ? [...effects, effect] : effects);
    }
    for (const id of this.#tracked.keys()) if (!present.has(id)) this.#tracked.delete(id);
  }

  handleReport(participant: Participant, report: QualityReport): void {
    if (!participant.visible) return;
    const tracked = this.#track(participant);
    const available = report.sendAvailableKbps ?? null;
    const effect = tracked.lifecycle.reportUplink(available, this.#now());
    this.#apply(tracked, effect ? [effect] : []);
  }

  /** A (re)joined participant starts afresh (its page's camera is on again); others are told. */
  restart(participant: Participant): void {
    const tracked = this.#tracked.get(participant.id);
    this.#tracked.delete(participant.id);
    if (tracked && tracked.announced.state !== 'full')
      this.#host.announce(participant, { state: 'full', direction: null });
  }

  /** The weak lines a newcomer may know of, so its view starts right. */
  *audioOnly(): Iterable<[Participant, LinkSummary]> {
    for (const { participant, announced } of this.#tracked.values())
      if (announced.state !== 'full') yield [participant, announced];
  }

  close(): void {
    clearInterval(this.#timer);
    this.#tracked.clear();
  }

  #track(participant: Participant): Tracked {
    let tracked = this.#tracked.get(participant.id);
    if (tracked?.participant !== participant) {
      tracked = {
        participant,
        lifecycle: new LinkLifecycle(),
        announced: { state: 'full', direction: null },
      };
      this.#tracked.set(participant.id, tracked);
    }
    return tracked;
  }

  #apply(tracked: Tracked, effects: LinkEffect[]): void {
    const { participant, lifecycle, announced } = tracked;
    for (const effect of effects) this.#perform(participant, lifecycle, effect);
    const summary = lifecycle.summary;
    if (summary.state === announced.state && summary.direction === announced.direction) return;
    tracked.announced = summary;
    this.#host.announce(participant, summary);
  }

  /**
   * The camera is its page's to switch (only the page can stop encoding); the video it receives
   * is the server's: its video consumers are paused, held on their lowest layer or under a
   * spatial layer, as the lifecycle now says; never an audio one.
   */
  #perform(participant: Participant, lifecycle: LinkLifecycle, effect: LinkEffect): void {
    if (effect === 'suspendCamera' || effect === 'resumeCamera') {
      participant.link.notify('cameraSuspended', { suspended: effect === 'suspendCamera' });
      return;
    }
    void this.#host
      .room()
      ?.setVideoDelivery(participant.id, lifecycle.videoDelivery)
      .catch(() => undefined);
  }
}
