import type { LessonClient } from './LessonClient';

/** Placeholder until the board lands (web/src/board). */
export function BoardPanel(_props: {
  client: LessonClient;
  readOnly?: boolean;
  compact?: boolean;
}) {
  return <div className="board-placeholder" />;
}
