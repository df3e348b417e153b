import type { BoardDocument } from './BoardDocument';
import { BOARD_ASPECT_RATIO, type StrokeStyle } from './tools';

/** Old whiteboard PCs cannot afford a 3x backing store on a 4K panel; 2x already looks sharp. */
const MAX_PIXEL_RATIO = 2;

/** Points are fractions of width and height; drawing uses board widths on both axes, so pens stay round. */
const Y_IN_BOARD_WIDTHS = 1 / BOARD_ASPECT_RATIO;

interface CachedPath {
  path: Path2D;
  /** Entries of the points array already in `path`. */
  count: number;
}

/**
 * Paints the strokes layer of one canvas. Own drawing is painted
 * incrementally (drawLive); any other change repaints everything once per
 * animation frame, reusing each stroke's Path2D so only new points cost.
 * Erasers cut through this layer only, never the pictures beneath it.
 */
export class BoardRenderer {
  readonly #canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;
  readonly #board: BoardDocument;
  readonly #paths = new WeakMap<readonly number[], CachedPath>();
  readonly #resizeObserver: ResizeObserver;
  readonly #unsubscribe: () => void;
  #frame = 0;
  #editingLive = false;

  constructor(canvas: HTMLCanvasElement, board: BoardDocument) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('2D canvas is not available');
    this.#canvas = canvas;
    this.#context = context;
    this.#board = board;
    this.#unsubscribe = board.onChange(() => {
      if (!this.#editingLive) this.scheduleRedraw();
    });
    // Fires once on observe too, which sizes the canvas and paints the board.
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(canvas);
  }

  /** Runs a board edit that the caller paints itself with drawLive, so it triggers no repaint. */
  editLive<T>(edit: () => T): T {
    this.#editingLive = true;
    try {
      return edit();
    } finally {
      this.#editingLive = false;
    }
  }

  /** Paints a stroke's start (`from` null) or its newest points after `from`, on top of the rest. */
  drawLive(
    style: StrokeStyle,
    from: readonly [number, number] | null,
    points: readonly number[],
  ): void {
    const context = this.#context;
    this.#applyStyle(style);
    if (from === null) {
      this.#dot(points[0] ?? 0, points[1] ?? 0, style.width);
      return;
    }
    context.beginPath();
    context.moveTo(from[0], from[1] * Y_IN_BOARD_WIDTHS);
    for (let i = 0; i + 1 < points.length; i += 2)
      context.lineTo(points[i] ?? 0, (points[i + 1] ?? 0) * Y_IN_BOARD_WIDTHS);
    context.stroke();
  }

  /** Coalesces any number of remote updates into one repaint per frame. */
  scheduleRedraw(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.redraw();
    });
  }

  redraw(): void {
    const context = this.#context;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    // Scaling by the width alone keeps pens round even if rounding skews the aspect ratio by a pixel.
    context.setTransform(this.#canvas.width, 0, 0, this.#canvas.width, 0, 0);
    for (const stroke of this.#board.strokes()) {
      this.#applyStyle(stroke);
      if (stroke.points.length < 4)
        this.#dot(stroke.points[0] ?? 0, stroke.points[1] ?? 0, stroke.width);
      else context.stroke(this.#pathOf(stroke.points));
    }
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    this.#resizeObserver.disconnect();
    this.#unsubscribe();
  }

  #pathOf(points: readonly number[]): Path2D {
    let cached = this.#paths.get(points);
    if (!cached) {
      cached = { path: new Path2D(), count: 0 };
      this.#paths.set(points, cached);
    }
    for (let i = cached.count; i + 1 < points.length; i += 2) {
      const x = points[i] ?? 0;
      const y = (points[i + 1] ?? 0) * Y_IN_BOARD_WIDTHS;
      if (i === 0) cached.path.moveTo(x, y);
      else cached.path.lineTo(x, y);
    }
    cached.count = points.length - (points.length % 2);
    return cached.path;
  }

  /** A tap: canvases do not paint zero-length lines, even with round caps. */
  #dot(x: number, y: number, width: number): void {
    this.#context.beginPath();
    this.#context.arc(x, y * Y_IN_BOARD_WIDTHS, width / 2, 0, Math.PI * 2);
    this.#context.fill();
  }

  #applyStyle(style: StrokeStyle): void {
    const context = this.#context;
    context.globalCompositeOperation = style.tool === 'eraser' ? 'destination-out' : 'source-over';
    context.strokeStyle = style.color;
    context.fillStyle = style.color;
    context.lineWidth = style.width;
    context.lineCap = 'round';
    context.lineJoin = 'round';
  }

  #resize(): void {
    const ratio = Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO);
    const width = Math.max(1, Math.round(this.#canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(this.#canvas.clientHeight * ratio));
    if (width === this.#canvas.width && height === this.#canvas.height) return;
    // Resizing clears the canvas: repaint at once rather than show a blank frame.
    this.#canvas.width = width;
    this.#canvas.height = height;
    this.redraw();
  }
}
