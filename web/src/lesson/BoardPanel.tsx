import { Suspense, lazy, type ComponentType } from 'react';
import { afterFirstRemoteFrame } from './firstFrame';
import type { LessonClient } from './LessonClient';

export interface BoardPanelProps {
  client: LessonClient;
  readOnly?: boolean;
  compact?: boolean;
}

let boardChunk: Promise<{ default: ComponentType<BoardPanelProps> }> | undefined;

/** Before a retry: the network back (a whiteboard's line dropped), then a moment. */
const BOARD_RETRY_DELAY_MS = 2_000;

function online(): Promise<void> {
  if (navigator.onLine) return Promise.resolve();
  return new Promise((resolve) =>
    window.addEventListener('online', () => resolve(), { once: true }),
  );
}

/**
 * The board's chunk, fetched until it arrives. A rejected lazy import would unmount the whole
 * lesson page (React has nothing else to show), so a fetch that fails — the school's line
 * dropped just as the first frame came — waits for the network and tries again, the board's
 * place showing as busy meanwhile, the lesson's picture and sound going on.
 */
async function importBoard(): Promise<{ default: ComponentType<BoardPanelProps> }> {
  for (;;) {
    await online();
    try {
      const module = await import('./BoardPanelContent');
      return { default: module.BoardPanelContent };
    } catch (error) {
      console.warn('the board could not load; trying again', error);
      await new Promise((resolve) => setTimeout(resolve, BOARD_RETRY_DELAY_MS));
    }
  }
}

/**
 * The board's code and Yjs (about 100 KB) load once the first remote frame is on screen: the
 * board's history waits for it anyway (LessonClient), and parsing them earlier would delay
 * the tutor's first picture on an old PC.
 */
function loadBoard(): Promise<{ default: ComponentType<BoardPanelProps> }> {
  boardChunk ??= new Promise<void>((resolve) => afterFirstRemoteFrame(resolve)).then(importBoard);
  return boardChunk;
}

const BoardPanelContent = lazy(loadBoard);

/** The shared board inside a lesson view; read-only for observers. */
export function BoardPanel(props: BoardPanelProps) {
  return (
    <Suspense fallback={<div className="board-panel" aria-busy="true" />}>
      <BoardPanelContent {...props} />
    </Suspense>
  );
}
