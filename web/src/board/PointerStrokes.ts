import type { BoardDocument } from './BoardDocument';
import type { BoardRenderer } from './BoardRenderer';
import { strokeStyleOf, type PenSettings, type StrokeStyle } from './tools';

export interface PointerStrokesOptions {
  canvas: HTMLCanvasElement;
  board: BoardDocument;
  renderer: BoardRenderer;
  /** Read at each stroke start, so toolbar changes need no re-subscription. */
  pen: () => PenSettings;
}

interface LiveStroke {
  strokeId: string;
  style: StrokeStyle;
  lastX: number;
  lastY: number;
}

const POINTER_EVENTS = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel'] as const;

/**
 * Turns pointers into strokes: one live stroke per pointerId, so two
 * children (or two fingers) draw two lines at once on the whiteboard.
 * Native listeners, not React's, and no state per point.
 */
export class PointerStrokes {
  readonly #options: PointerStrokesOptions;
  readonly #live = new Map<number, LiveStroke>();
  #rect: DOMRect | null = null;

  constructor(options: PointerStrokesOptions) {
    this.#options = options;
    const { canvas } = options;
    for (const type of POINTER_EVENTS) canvas.addEventListener(type, this.#handlePointer);
    canvas.addEventListener('lostpointercapture', this.#handlePointer);
    // A long press on a Windows touch screen would otherwise open the right-click menu.
    canvas.addEventListener('contextmenu', preventDefault);
  }

  destroy(): void {
    const { canvas, board } = this.#options;
    for (const type of POINTER_EVENTS) canvas.removeEventListener(type, this.#handlePointer);
    canvas.removeEventListener('lostpointercapture', this.#handlePointer);
    canvas.removeEventListener('contextmenu', preventDefault);
    for (const live of this.#live.values()) board.endStroke(live.strokeId);
    this.#live.clear();
  }

  #handlePointer = (event: PointerEvent): void => {
    if (event.type === 'pointerdown') this.#start(event);
    else if (event.type === 'pointermove') this.#extend(event);
    // pointercancel (palm rejection, a browser gesture) keeps what was drawn so far.
    else this.#end(event.pointerId);
  };

  #start(event: PointerEvent): void {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    const { canvas, board, renderer, pen } = this.#options;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    this.#rect = canvas.getBoundingClientRect();
    const [x, y] = this.#toBoard(event);
    const style = strokeStyleOf(pen());
    const strokeId = renderer.editLive(() => board.startStroke({ ...style, x, y }));
    this.#live.set(event.pointerId, { strokeId, style, lastX: x, lastY: y });
    renderer.drawLive(style, null, [x, y]);
  }

  #extend(event: PointerEvent): void {
    const live = this.#live.get(event.pointerId);
    if (!live) return;
    const { board, renderer } = this.#options;
    // Coalesced events restore the points a busy old PC folded into one frame: smoother curves.
    const coalesced =
      typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    const points: number[] = [];
    for (const sample of coalesced.length > 0 ? coalesced : [event])
      points.push(...this.#toBoard(sample));
    const kept = renderer.editLive(() => board.extendStroke(live.strokeId, points));
    if (kept.length === 0) return;
    renderer.drawLive(live.style, [live.lastX, live.lastY], kept);
    live.lastX = kept[kept.length - 2] ?? live.lastX;
    live.lastY = kept[kept.length - 1] ?? live.lastY;
  }

  #end(pointerId: number): void {
    const live = this.#live.get(pointerId);
    if (!live) return;
    this.#live.delete(pointerId);
    this.#options.board.endStroke(live.strokeId);
  }

  /** Fractions of the board, clamped and rounded as BoardDocument stores them. */
  #toBoard(event: PointerEvent): [number, number] {
    const rect = this.#rect ?? this.#options.canvas.getBoundingClientRect();
    const x = rect.width > 0 ? (event.clientX - rect.left) / rect.width : 0;
    const y = rect.height > 0 ? (event.clientY - rect.top) / rect.height : 0;
    return [Math.fround(clamp01(x)), Math.fround(clamp01(y))];
  }
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function preventDefault(event: Event): void {
  event.preventDefault();
}
