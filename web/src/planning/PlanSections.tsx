import { useTranslation } from 'react-i18next';
import type { Activity, PlanContent } from '../api/planning';

type Vocabulary = PlanContent['vocabulary'];

function replaceAt<T>(list: T[], index: number, item: T): T[] {
  return list.map((current, position) => (position === index ? item : current));
}

function removeAt<T>(list: T[], index: number): T[] {
  return list.filter((_, position) => position !== index);
}

function RemoveButton({ what, onClick }: { what: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="small"
      onClick={onClick}
      aria-label={t('planning.plan.removeItem', { what })}
    >
      {t('planning.plan.remove')}
    </button>
  );
}

export function ObjectivesEditor({
  value,
  onChange,
}: {
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('planning.plan.objectives')}</legend>
      {value.map((objective, index) => {
        const label = t('planning.plan.objective', { n: index + 1 });
        return (
          <div className="row" key={index}>
            <label>
              {label}
              <input
                lang="en"
                value={objective}
                onChange={(e) => onChange(replaceAt(value, index, e.target.value))}
              />
            </label>
            <RemoveButton what={label} onClick={() => onChange(removeAt(value, index))} />
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...value, ''])}>
        {t('planning.plan.addObjective')}
      </button>
    </fieldset>
  );
}

export function VocabularyEditor({
  value,
  onChange,
}: {
  value: Vocabulary;
  onChange: (v: Vocabulary) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('planning.plan.vocabulary')}</legend>
      {value.map((item, index) => (
        <div className="row" key={index}>
          <label>
            {t('planning.plan.word', { n: index + 1 })}
            <input
              lang="en"
              value={item.word}
              onChange={(e) => onChange(replaceAt(value, index, { ...item, word: e.target.value }))}
            />
          </label>
          <label>
            {t('planning.plan.translation', { n: index + 1 })}
            <input
              lang="fr"
              value={item.translation}
              onChange={(e) =>
                onChange(replaceAt(value, index, { ...item, translation: e.target.value }))
              }
            />
          </label>
          <RemoveButton
            what={item.word || t('planning.plan.word', { n: index + 1 })}
            onClick={() => onChange(removeAt(value, index))}
          />
        </div>
      ))}
      <button type="button" onClick={() => onChange([...value, { word: '', translation: '' }])}>
        {t('planning.plan.addWord')}
      </button>
    </fieldset>
  );
}

interface ActivitiesEditorProps {
  value: Activity[];
  total: number;
  max: number;
  onChange: (activities: Activity[]) => void;
}

/** The running total is announced politely; going over the lesson blocks saving, as the API does. */
export function ActivitiesEditor({ value, total, max, onChange }: ActivitiesEditorProps) {
  const { t } = useTranslation();
  const set = (index: number, change: Partial<Activity>) =>
    onChange(replaceAt(value, index, { ...value[index]!, ...change }));
  return (
    <fieldset>
      <legend>{t('planning.plan.activities')}</legend>
      {value.map((activity, index) => (
        <div className="activity-row" key={index}>
          <label>
            {t('planning.plan.activityTitle', { n: index + 1 })}
            <input value={activity.title} onChange={(e) => set(index, { title: e.target.value })} />
          </label>
          <label>
            {t('planning.plan.activityMinutes', { n: index + 1 })}
            <input
              type="number"
              min={1}
              max={max}
              value={activity.minutes || ''}
              onChange={(e) => set(index, { minutes: Number(e.target.value) })}
            />
          </label>
          <label className="wide">
            {t('planning.plan.activityDescription', { n: index + 1 })}
            <input
              value={activity.description}
              onChange={(e) => set(index, { description: e.target.value })}
            />
          </label>
          <RemoveButton
            what={activity.title || t('planning.plan.activityTitle', { n: index + 1 })}
            onClick={() => onChange(removeAt(value, index))}
          />
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...value, { title: '', minutes: 5, description: '' }])}
      >
        {t('planning.plan.addActivity')}
      </button>
      <p id="plan-total" aria-live="polite" className={total > max ? 'error-text total' : 'total'}>
        {t('planning.plan.total', { total, max })}
        {total > max && (
          <>
            {' '}
            <span aria-hidden="true">⚠</span> {t('planning.plan.overTime', { max })}
          </>
        )}
      </p>
    </fieldset>
  );
}
