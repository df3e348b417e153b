import { useEffect, useState } from 'react';
import { BoardCanvas, BoardDocument, BoardSync, useBoardLabels } from '../board';
import type { BoardPanelProps } from './BoardPanel';
import type { LessonClient } from './LessonClient';

declare global {
  interface Window {
    /** The page's board document, for diagnostics and the browser tests. */
    passerelleBoard?: BoardDocument;
  }
}

/**
 * One board per lesson client: it outlives remounts of the view (a
 * reconnection keeps what was drawn meanwhile and uploads it on rejoin).
 */
const boards = new WeakMap<LessonClient, { board: BoardDocument; sync: BoardSync }>();

function boardOf(
  client: LessonClient,
  readOnly: boolean,
): { board: BoardDocument; sync: BoardSync } {
  let entry = boards.get(client);
  if (!entry) {
    const transport = client.activity.boardTransport();
    const board = new BoardDocument();
    const sync = new BoardSync(board, transport, { readOnly });
    // Every (re)join resynchronises both ways; Yjs ignores what it already has.
    transport.onJoined(
      () => void sync.connect().catch((error: unknown) => console.warn('board sync', error)),
    );
    entry = { board, sync };
    boards.set(client, entry);
  }
  return entry;
}

/** The shared board inside a lesson view; read-only for observers (loaded by BoardPanel). */
export function BoardPanelContent({ client, readOnly = false }: BoardPanelProps) {
  const labels = useBoardLabels();
  const [{ board, sync }] = useState(() => boardOf(client, readOnly));
  useEffect(() => {
    window.passerelleBoard = board;
    // The panel mounts after the join that created it: catch up now.
    if (!sync.online)
      void sync.connect().catch((error: unknown) => console.warn('board sync', error));
  }, [board, sync]);
  return (
    <div className="board-panel">
      <BoardCanvas board={board} readOnly={readOnly} labels={labels} />
    </div>
  );
}
