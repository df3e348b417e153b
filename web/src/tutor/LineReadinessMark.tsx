import { useTranslation } from 'react-i18next';
import type { LineReadiness } from '../lesson/LessonActivity';

/** "weak line (checked 2 Dec)": what the class's last network check found, next to its light. */
export function LineReadinessMark({ note }: { note: LineReadiness | undefined }) {
  const { t, i18n } = useTranslation();
  if (!note) return null;
  const date = new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'short' }).format(
    new Date(note.checkedAt),
  );
  const key = note.weak
    ? 'tutor.line.weak'
    : note.verdict === 'relay-only'
      ? 'tutor.line.relay'
      : 'tutor.line.notReady';
  return (
    <span className="line-mark" data-testid="line-readiness" data-verdict={note.verdict}>
      {t(key, { date })}
    </span>
  );
}
