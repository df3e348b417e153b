import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PEN_COLORS, type PenColorName } from './tools';

/** Every text the board shows or announces; the app translates them (keys under `board.*`). */
export interface BoardLabels {
  /** The board region's name, e.g. "Shared board" (the existing `board.title` key). */
  title: string;
  tools: string;
  colors: Record<PenColorName, string>;
  thin: string;
  thick: string;
  eraser: string;
  undo: string;
  redo: string;
  clear: string;
  /** Shown on the clear button after the first tap. */
  clearConfirm: string;
}

/** The labels from the app's i18next resources (see README.md for the keys). */
export function useBoardLabels(): BoardLabels {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      title: t('board.title'),
      tools: t('board.tools'),
      colors: Object.fromEntries(
        PEN_COLORS.map(({ name }) => [name, t(`board.color.${name}`)]),
      ) as Record<PenColorName, string>,
      thin: t('board.thin'),
      thick: t('board.thick'),
      eraser: t('board.eraser'),
      undo: t('board.undo'),
      redo: t('board.redo'),
      clear: t('board.clear'),
      clearConfirm: t('board.clearConfirm'),
    }),
    [t],
  );
}
