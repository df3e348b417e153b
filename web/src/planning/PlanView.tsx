import { useTranslation } from 'react-i18next';
import type { LessonPlan, Material } from '../api/planning';

/** The inspector's view: the same content as the editor, with no control that could edit it. */
export function PlanView({ plan, materials }: { plan: LessonPlan; materials: Material[] }) {
  const { t } = useTranslation();
  const total = plan.activities.reduce((sum, activity) => sum + activity.minutes, 0);
  const attached = materials.filter((material) => plan.materialIds.includes(material.id));
  const none = <p>{t('planning.plan.none')}</p>;
  return (
    <div className="plan-view">
      <section aria-labelledby="view-objectives">
        <h2 id="view-objectives">{t('planning.plan.objectives')}</h2>
        {plan.objectives.length ? (
          <ul>
            {plan.objectives.map((objective) => (
              <li key={objective}>{objective}</li>
            ))}
          </ul>
        ) : (
          none
        )}
      </section>
      <section aria-labelledby="view-vocabulary">
        <h2 id="view-vocabulary">{t('planning.plan.vocabulary')}</h2>
        {plan.vocabulary.length ? (
          <dl className="vocabulary-list">
            {plan.vocabulary.map((item) => (
              <div key={item.word}>
                <dt lang="en">{item.word}</dt>
                <dd lang="fr">{item.translation}</dd>
              </div>
            ))}
          </dl>
        ) : (
          none
        )}
      </section>
      <section aria-labelledby="view-activities">
        <h2 id="view-activities">{t('planning.plan.activities')}</h2>
        <ol>
          {plan.activities.map((activity, index) => (
            <li key={`${index}-${activity.title}`}>
              <strong>{activity.title}</strong> ({activity.minutes} min) {activity.description}
            </li>
          ))}
        </ol>
        <p>{t('planning.plan.total', { total, max: 30 })}</p>
      </section>
      <section aria-labelledby="view-materials">
        <h2 id="view-materials">{t('planning.plan.materials')}</h2>
        {attached.length ? (
          <ul>
            {attached.map((material) => (
              <li key={material.id}>{material.name}</li>
            ))}
          </ul>
        ) : (
          none
        )}
      </section>
      <section aria-labelledby="view-handover">
        <h2 id="view-handover">{t('planning.plan.handover')}</h2>
        {plan.handoverNote ? <p className="handover">{plan.handoverNote}</p> : none}
      </section>
    </div>
  );
}
