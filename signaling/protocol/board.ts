import { z } from 'zod';

/*
 * The shared board's Yjs document layout, used by the server (to place
 * pushed content) and by the web board. Coordinates are fractions of the
 * board's width and height, so every screen size draws the same picture.
 */
export const BOARD_STROKES = 'strokes';
export const BOARD_ITEMS = 'items';

export const boardToolSchema = z.enum(['pen', 'eraser']);
export type BoardTool = z.infer<typeof boardToolSchema>;

/** A stroke is a Y.Map with these fields plus `points`, a Y.Array<number> of x,y pairs. */
export const boardStrokeFieldsSchema = z.object({
  id: z.string().max(64),
  tool: boardToolSchema,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** Line width as a fraction of the board's width. */
  width: z.number().positive().max(0.2),
});
export type BoardStrokeFields = z.infer<typeof boardStrokeFieldsSchema>;

/**
 * Only same-site paths and http(s) addresses may be loaded as pictures:
 * anyone who may draw may also write items, so an address is never trusted.
 */
export function isSafeImageUrl(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  return /^https?:\/\/[^\s]+$/i.test(url);
}

/** A picture or flashcard placed on the board (by the tutor pushing lesson content). */
export const boardItemSchema = z.object({
  id: z.string().max(64),
  type: z.enum(['image', 'flashcard']),
  /** Checked with isSafeImageUrl by the server (refused) and the board (not loaded). */
  url: z.string().max(2048).optional(),
  label: z.string().max(200),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  width: z.number().min(0).max(1),
});
export type BoardItem = z.infer<typeof boardItemSchema>;
