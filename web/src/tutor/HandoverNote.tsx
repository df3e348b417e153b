import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanClient } from '../lesson/lessonPlan';

/** After the lesson: a short note for the classroom teacher's follow-up lessons, saved in the plan. */
export function HandoverNote({ plans, onClose }: { plans: PlanClient; onClose: () => void }) {
  const { t } = useTranslation();
  const fieldId = useId();
  const [note, setNote] = useState('');
  const [version, setVersion] = useState<number | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  useEffect(() => {
    void plans.loadPlan().then((plan) => {
      if (!plan) return;
      setVersion(plan.version);
      setNote(plan.handoverNote ?? '');
    });
  }, [plans]);

  const save = async () => {
    if (version === null) return;
    setStatus('saving');
    try {
      await plans.saveHandoverNote(note, version);
      setStatus('saved');
    } catch {
      setStatus('failed');
    }
  };

  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={`${fieldId}-title`}>
      <h2 id={`${fieldId}-title`}>{t('handover.title')}</h2>
      {version === null ? (
        <p>{t('handover.noPlan')}</p>
      ) : (
        <>
          <label htmlFor={fieldId}>{t('handover.label')}</label>
          <textarea
            id={fieldId}
            rows={6}
            value={note}
            maxLength={4000}
            onChange={(event) => setNote(event.target.value)}
          />
          <button
            type="button"
            className="big-button"
            disabled={status === 'saving'}
            onClick={() => void save()}
          >
            {t('handover.save')}
          </button>
          <p role="status">
            {status === 'saved'
              ? t('handover.saved')
              : status === 'failed'
                ? t('handover.failed')
                : ''}
          </p>
        </>
      )}
      <button type="button" className="small-button" onClick={onClose}>
        {t('handover.close')}
      </button>
    </div>
  );
}
