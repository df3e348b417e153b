import { FIRST_REMOTE_FRAME_MARK, markOnce } from './lessonState';

/** Sent by the views' video elements (MediaElements.tsx) about the track they show. */
export const VIEW_TRACK_EVENT = 'passerelle:view-track';
/** How long the early video stays over a view that shows its track but has painted nothing yet. */
const HANDOVER_MS = 1_000;

interface ViewTrack {
  trackId: string;
  /** false: the view's element now plays the track; true: it painted its first frame. */
  painted: boolean;
}

/** Tells the early video (if any) that a view plays `track`, and later that it painted it. */
export function announceViewTrack(track: MediaStreamTrack, painted: boolean): void {
  const detail: ViewTrack = { trackId: track.id, painted };
  document.dispatchEvent(new CustomEvent(VIEW_TRACK_EVENT, { detail }));
}

/**
 * The tutor's picture on a classroom's whiteboard before React has rendered anything (issue 14):
 * a plain video element over the whole page, playing the track the early receive path consumed
 * (earlyMedia.ts). Its first painted frame is the page's first remote frame. `showing` until a
 * view plays the same track; then `handingOver` until that view paints (no blank moment
 * between the two) or HANDOVER_MS have passed (a paused camera paints nothing: the page must
 * not stay covered), at once if the early video painted nothing either; then `removed`, as
 * when its owner drops it (the consumer closed, the join was not adopted).
 */
export class EarlyVideo {
  readonly #element = document.createElement('video');
  readonly #trackId: string;
  #state: 'showing' | 'handingOver' | 'removed' = 'showing';
  #painted = false;
  #settle: () => void = () => undefined;
  /** Resolves once the first frame is painted, or the video removed before painting any. */
  readonly settled = new Promise<void>((resolve) => (this.#settle = resolve));

  constructor(track: MediaStreamTrack) {
    this.#trackId = track.id;
    const video = this.#element;
    Object.assign(video, { autoplay: true, playsInline: true, muted: true });
    video.setAttribute('aria-hidden', 'true');
    video.dataset.testid = 'early-video';
    // Inline: the stylesheet may not have arrived yet, and nothing else on the page styles it.
    video.style.cssText =
      'position:fixed;inset:0;width:100%;height:100%;object-fit:contain;background:#000;z-index:10';
    video.srcObject = new MediaStream([track]);
    video.requestVideoFrameCallback(() => {
      this.#painted = true;
      markOnce(FIRST_REMOTE_FRAME_MARK);
      this.#settle();
    });
    document.addEventListener(VIEW_TRACK_EVENT, this.#onViewTrack);
    document.body.append(video);
    void video.play().catch(() => undefined); // muted: autoplay is allowed; this only hurries it
  }

  get trackId(): string {
    return this.#trackId;
  }

  remove(): void {
    if (this.#state === 'removed') return;
    this.#state = 'removed';
    this.#settle();
    document.removeEventListener(VIEW_TRACK_EVENT, this.#onViewTrack);
    this.#element.srcObject = null;
    this.#element.remove();
  }

  readonly #onViewTrack = (event: Event) => {
    const { trackId, painted } = (event as CustomEvent<ViewTrack>).detail;
    if (trackId !== this.#trackId || this.#state === 'removed') return;
    if (painted || !this.#painted) return this.remove();
    if (this.#state === 'handingOver') return;
    this.#state = 'handingOver';
    setTimeout(() => this.remove(), HANDOVER_MS);
  };
}
