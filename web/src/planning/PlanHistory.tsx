import { useTranslation } from 'react-i18next';
import { formatInstant } from './dates';
import { usePlanning } from './directory';
import { useLoad } from './useLoad';

/** Who changed which part of the plan, and when (newest first). */
export function PlanHistory({ sessionId, version }: { sessionId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const { api } = usePlanning();
  const history = useLoad(`${sessionId}@${version}`, () =>
    api.call('planHistory', { params: { id: sessionId } }),
  );
  const entries = [...(history.data?.history ?? [])].sort((a, b) => b.version - a.version);
  return (
    <section aria-labelledby="plan-history-h" className="plan-history">
      <h2 id="plan-history-h">{t('planning.plan.history')}</h2>
      {history.error && <p role="alert">{history.error.message}</p>}
      <ol>
        {entries.map((entry) => (
          <li key={entry.version}>
            <p>
              {t('planning.plan.historyEntry', {
                version: entry.version,
                who: entry.changedBy.name,
                role: entry.changedBy.role,
                when: formatInstant(entry.changedAt, i18n.language),
              })}
            </p>
            <p className="hint">
              {t('planning.plan.changed', {
                fields: entry.changes.map((c) => t(`planning.plan.fields.${c.field}`)).join(', '),
              })}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
