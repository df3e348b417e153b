import { useSyncExternalStore, type CSSProperties } from 'react';
import type { BoardItem } from '../../../signaling/protocol';
import { useMaterialUrl } from '../lesson/materials';
import type { BoardDocument } from './BoardDocument';

/** Pictures and flashcards the tutor pushed, laid out in fractions of the board. */
export function BoardItems({ board }: { board: BoardDocument }) {
  // items() keeps its identity while only strokes change, so drawing re-renders nothing here.
  const items = useSyncExternalStore(board.onChange, board.items);
  return (
    <>
      {items.map((item) => (
        <BoardItemView key={item.id} item={item} />
      ))}
    </>
  );
}

function BoardItemView({ item }: { item: BoardItem }) {
  const style = {
    left: `${item.x * 100}%`,
    top: `${item.y * 100}%`,
    width: `${item.width * 100}%`,
    '--item-width': item.width,
  } as CSSProperties;
  const url = useMaterialUrl(item.materialId);
  if (item.type === 'image')
    return url ? (
      <img
        className="board-item board-image"
        src={url}
        alt={item.label}
        style={style}
        draggable={false}
      />
    ) : null;
  // The word is the card's text, so its picture is decorative (alt="") rather than read twice.
  return (
    <figure className="board-item board-flashcard" style={style}>
      {url && <img src={url} alt="" draggable={false} />}
      <figcaption lang="en">{item.label}</figcaption>
    </figure>
  );
}
