import { useTranslation } from 'react-i18next';
import type { Conflict } from '../api/planning';
import { useConflictWords } from './conflictText';

/** Each conflict's kind and reason (who, when, which class), in the viewer's language. */
export function ConflictList({ heading, conflicts }: { heading: string; conflicts: Conflict[] }) {
  const { t } = useTranslation();
  const words = useConflictWords();
  return (
    <div className="conflicts">
      <h3>
        <span aria-hidden="true">⚠ </span>
        {heading}
      </h3>
      <ul>
        {conflicts.map((conflict, index) => (
          <li key={`${conflict.code}-${conflict.startsAt}-${index}`}>
            <strong>{words.kind(conflict)}</strong>
            {t('planning.conflict.separator')}
            {words.reason(conflict)}
          </li>
        ))}
      </ul>
    </div>
  );
}
