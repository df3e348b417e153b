import type { BoardStrokeFields, BoardTool } from '../../../signaling/protocol';

/** The board is 16:10 everywhere, so a stroke lands on the same spot of every screen. */
export const BOARD_ASPECT_RATIO = 16 / 10;

/**
 * Six pen colours that stay distinct on the white board and on an old,
 * washed-out projector; each is at least 3:1 against white (WCAG non-text).
 */
export const PEN_COLORS = [
  { name: 'black', hex: '#1f1f1f' },
  { name: 'red', hex: '#d32f2f' },
  { name: 'blue', hex: '#1565c0' },
  { name: 'green', hex: '#2e7d32' },
  { name: 'orange', hex: '#e65100' },
  { name: 'purple', hex: '#7b1fa2' },
] as const;
export type PenColorName = (typeof PEN_COLORS)[number]['name'];

/** Widths are fractions of the board's width (see BoardStrokeFields). */
export const PEN_WIDTHS = { thin: 0.005, thick: 0.014 } as const;
export type PenSize = keyof typeof PEN_WIDTHS;
const ERASER_WIDTH = 0.04;

/** What the next stroke will look like; chosen in the toolbar. */
export interface PenSettings {
  tool: BoardTool;
  color: PenColorName;
  size: PenSize;
}

export const DEFAULT_PEN: PenSettings = { tool: 'pen', color: 'black', size: 'thin' };

export type StrokeStyle = Pick<BoardStrokeFields, 'tool' | 'color' | 'width'>;

export function strokeStyleOf(pen: PenSettings): StrokeStyle {
  const color = PEN_COLORS.find((entry) => entry.name === pen.color)?.hex ?? PEN_COLORS[0].hex;
  const width = pen.tool === 'eraser' ? ERASER_WIDTH : PEN_WIDTHS[pen.size];
  return { tool: pen.tool, color, width };
}
