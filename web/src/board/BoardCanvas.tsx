import { useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import type { BoardDocument } from './BoardDocument';
import { BoardItems } from './BoardItems';
import { BoardRenderer } from './BoardRenderer';
import { BoardToolbar } from './BoardToolbar';
import type { BoardLabels } from './labels';
import { PointerStrokes } from './PointerStrokes';
import { BOARD_ASPECT_RATIO, DEFAULT_PEN, type PenSettings } from './tools';
import './board.css';

export interface BoardCanvasProps {
  board: BoardDocument;
  /** For inspectors: the board is shown live, without toolbar or drawing. */
  readOnly?: boolean;
  labels: BoardLabels;
}

interface SurfaceSize {
  width: number;
  height: number;
}

/**
 * The shared board: toolbar, pushed pictures, and a strokes canvas on top,
 * fitted at 16:10 into whatever space the parent gives it (give it a height).
 */
export function BoardCanvas({ board, readOnly = false, labels }: BoardCanvasProps) {
  const [pen, setPen] = useState<PenSettings>(DEFAULT_PEN);
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const surface = useFittedSurface(stageRef);
  useBoardDrawing(canvasRef, board, pen, readOnly);
  const surfaceStyle = {
    width: surface.width,
    height: surface.height,
    '--board-width': `${surface.width}px`,
  } as CSSProperties;

  return (
    <section className="board" aria-label={labels.title}>
      {!readOnly && <BoardToolbar board={board} pen={pen} onPenChange={setPen} labels={labels} />}
      <div ref={stageRef} className="board-stage">
        <div className={readOnly ? 'board-surface' : 'board-surface drawing'} style={surfaceStyle}>
          <BoardItems board={board} />
          <canvas ref={canvasRef} className="board-strokes" />
        </div>
      </div>
    </section>
  );
}

/** The largest 16:10 box inside the stage; React state changes on resize only, never while drawing. */
function useFittedSurface(stageRef: RefObject<HTMLDivElement | null>): SurfaceSize {
  const [size, setSize] = useState<SurfaceSize>({ width: 0, height: 0 });
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const next = fit(entry.contentRect.width, entry.contentRect.height);
      setSize((current) =>
        current.width === next.width && current.height === next.height ? current : next,
      );
    });
    observer.observe(stage);
    return () => observer.disconnect();
  }, [stageRef]);
  return size;
}

function fit(width: number, height: number): SurfaceSize {
  const fittedWidth = Math.floor(Math.min(width, height * BOARD_ASPECT_RATIO));
  return { width: fittedWidth, height: Math.floor(fittedWidth / BOARD_ASPECT_RATIO) };
}

/** The imperative part: renderer and pointer input live outside React, for the canvas's lifetime. */
function useBoardDrawing(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  board: BoardDocument,
  pen: PenSettings,
  readOnly: boolean,
): void {
  const penRef = useRef(pen);
  useEffect(() => {
    penRef.current = pen;
  }, [pen]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const renderer = new BoardRenderer(canvas, board);
    const input = readOnly
      ? null
      : new PointerStrokes({ canvas, board, renderer, pen: () => penRef.current });
    return () => {
      input?.destroy();
      renderer.destroy();
    };
  }, [canvasRef, board, readOnly]);
}
