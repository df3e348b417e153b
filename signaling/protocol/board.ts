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
 * A lesson-plan material, by id (the shape of lesson-plans' ids). The board holds no
 * addresses at all: an external picture would tell its host who watches (the hidden
 * inspector included), and an address of ours would need a credential in it.
 */
export const materialIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:@-]{1,80}$/, 'material id expected');

/** A picture or flashcard placed on the board (by the tutor pushing lesson content). */
export const boardItemSchema = z.object({
  id: z.string().max(64),
  type: z.enum(['image', 'flashcard']),
  /** Loaded by each viewer with its own credential; never an address. */
  materialId: materialIdSchema.optional(),
  label: z.string().max(200),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  width: z.number().min(0).max(1),
});
export type BoardItem = z.infer<typeof boardItemSchema>;
