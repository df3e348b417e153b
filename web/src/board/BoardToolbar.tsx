import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { BoardDocument } from './BoardDocument';
import type { BoardLabels } from './labels';
import { PEN_COLORS, PEN_WIDTHS, type PenSettings, type PenSize } from './tools';

export interface BoardToolbarProps {
  board: BoardDocument;
  pen: PenSettings;
  onPenChange: (pen: PenSettings) => void;
  labels: BoardLabels;
}

/** A second tap on "clear" within this time confirms; later, the button quietly re-arms. */
const CLEAR_CONFIRM_MS = 4_000;

const SIZE_DOT_PX: Record<PenSize, number> = { thin: 10, thick: 24 };

/** Colours, sizes, eraser, undo, redo and clear, as 64 px touch targets for children. */
export function BoardToolbar({ board, pen, onPenChange, labels }: BoardToolbarProps) {
  const history = useSyncExternalStore(board.onChange, board.history);
  return (
    <div className="board-toolbar" role="group" aria-label={labels.tools}>
      {PEN_COLORS.map(({ name, hex }) => (
        <ToolButton
          key={name}
          label={labels.colors[name]}
          pressed={pen.tool === 'pen' && pen.color === name}
          onClick={() => onPenChange({ ...pen, tool: 'pen', color: name })}
        >
          <span className="board-swatch" style={{ background: hex }} />
        </ToolButton>
      ))}
      {(Object.keys(PEN_WIDTHS) as PenSize[]).map((size) => (
        <ToolButton
          key={size}
          label={labels[size]}
          pressed={pen.tool === 'pen' && pen.size === size}
          onClick={() => onPenChange({ ...pen, tool: 'pen', size })}
        >
          <span
            className="board-size-dot"
            style={{ width: SIZE_DOT_PX[size], height: SIZE_DOT_PX[size] }}
          />
        </ToolButton>
      ))}
      <ToolButton
        label={labels.eraser}
        pressed={pen.tool === 'eraser'}
        onClick={() => onPenChange({ ...pen, tool: 'eraser' })}
      >
        <Icon path="M4 16 L12 8 L19 15 L14 20 H8 Z M9 20 H20" />
      </ToolButton>
      <ToolButton label={labels.undo} disabled={!history.canUndo} onClick={() => board.undo()}>
        <Icon path="M9 5 L4 10 L9 15 M4 10 H15 A5 5 0 0 1 15 20 H10" />
      </ToolButton>
      <ToolButton label={labels.redo} disabled={!history.canRedo} onClick={() => board.redo()}>
        <Icon path="M15 5 L20 10 L15 15 M20 10 H9 A5 5 0 0 0 9 20 H14" />
      </ToolButton>
      <ClearButton board={board} labels={labels} />
    </div>
  );
}

interface ToolButtonProps {
  label: string;
  pressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

function ToolButton({ label, pressed, disabled, onClick, children }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="board-tool"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** Two taps, so a child's stray touch cannot wipe the whole class's work. */
function ClearButton({ board, labels }: { board: BoardDocument; labels: BoardLabels }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), CLEAR_CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  const onClick = () => {
    if (armed) board.clear();
    setArmed(!armed);
  };
  return (
    <button
      type="button"
      className={armed ? 'board-tool board-clear armed' : 'board-tool board-clear'}
      aria-label={armed ? undefined : labels.clear}
      title={labels.clear}
      onClick={onClick}
      onBlur={() => setArmed(false)}
    >
      {armed ? labels.clearConfirm : <Icon path="M5 7 H19 M10 7 V4 H14 V7 M7 7 L8 20 H16 L17 7" />}
    </button>
  );
}

function Icon({ path }: { path: string }) {
  return (
    <svg className="board-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={path} />
    </svg>
  );
}
