import { useTranslation } from 'react-i18next';
import type { Conflict } from './api';

/** Each conflict's kind in words plus the server's reason (who, when, which class). */
export function ConflictList({ heading, conflicts }: { heading: string; conflicts: Conflict[] }) {
  const { t } = useTranslation();
  return (
    <div className="conflicts">
      <h3>
        <span aria-hidden="true">⚠ </span>
        {heading}
      </h3>
      <ul>
        {conflicts.map((conflict, index) => (
          <li key={`${conflict.code}-${conflict.startsAt}-${index}`}>
            <strong>{t(`planning.conflict.${conflict.code}`)}</strong> : {conflict.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
