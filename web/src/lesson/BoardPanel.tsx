import { Suspense, lazy, type ComponentType } from 'react';
import { afterFirstRemoteFrame } from './firstFrame';
import type { LessonClient } from './LessonClient';

export interface BoardPanelProps {
  client: LessonClient;
  readOnly?: boolean;
  compact?: boolean;
}

let boardChunk: Promise<{ default: ComponentType<BoardPanelProps> }> | undefined;

/**
 * The board's code and Yjs (about 100 KB) load once the first remote frame is on screen: the
 * board's history waits for it anyway (LessonClient), and parsing them earlier would delay
 * the tutor's first picture on an old PC.
 */
function loadBoard(): Promise<{ default: ComponentType<BoardPanelProps> }> {
  boardChunk ??= new Promise<void>((resolve) => afterFirstRemoteFrame(resolve))
    .then(() => import('./BoardPanelContent'))
    .then((m) => ({ default: m.BoardPanelContent }));
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
