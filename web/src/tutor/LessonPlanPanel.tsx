import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PushedContent } from '../../../signaling/protocol';
import type { LessonClient } from '../lesson/LessonClient';
import { useLessonClock } from '../lesson/useLessonClock';
import type { LessonPlanView, PlanClient, PlanMaterial } from '../lesson/lessonPlan';

/** What one tap pushes to the classroom boards for a material or a vocabulary word. */
export function contentFor(material: PlanMaterial): PushedContent | null {
  const materialId = material.id;
  if (material.kind === 'flashcard') return { type: 'flashcard', word: material.name, materialId };
  if (material.kind === 'image') return { type: 'image', materialId, title: material.name };
  if (material.kind === 'audio') return { type: 'audio', materialId, title: material.name };
  return null;
}

/** The session's plan beside the video: steps with timings, a running clock, one-tap push. */
export function LessonPlanPanel({
  client,
  plans,
  readOnly = false,
}: {
  client: LessonClient;
  plans: PlanClient;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { plan, materials, error } = usePlan(plans);
  const clock = useLessonClock(plan?.activities ?? []);
  const push = (content: PushedContent | null) =>
    content && void client.activity.pushContent(content);

  if (error) return <p className="banner warning">{t('plan.unavailable')}</p>;
  if (!plan) return <p className="muted-text">{t('plan.none')}</p>;
  return (
    <section className="plan-panel" aria-label={t('plan.title')} data-testid="lesson-plan">
      <div className="plan-clock">
        <span className="clock" aria-live="off">
          {clock.display}
        </span>
        {!readOnly && (
          <button type="button" className="small-button" onClick={clock.toggle}>
            {clock.running ? t('plan.pause') : t('plan.start')}
          </button>
        )}
      </div>
      <h2>{t('plan.objectives')}</h2>
      <ul>
        {plan.objectives.map((objective) => (
          <li key={objective}>{objective}</li>
        ))}
      </ul>
      <h2>{t('plan.steps')}</h2>
      <ol className="plan-steps">
        {plan.activities.map((activity, index) => (
          <li
            key={`${index}-${activity.title}`}
            className={index === clock.currentStep ? 'current' : undefined}
            aria-current={index === clock.currentStep ? 'step' : undefined}
          >
            <strong>{activity.title}</strong>{' '}
            <span className="minutes">{t('plan.minutes', { count: activity.minutes })}</span>
            {activity.description && <p>{activity.description}</p>}
          </li>
        ))}
      </ol>
      {!readOnly && materials.length > 0 && (
        <>
          <h2>{t('plan.materials')}</h2>
          <ul className="push-list">
            {materials.map((material) => (
              <li key={material.id}>
                <button
                  type="button"
                  className="small-button"
                  data-testid="push-material"
                  onClick={() => push(contentFor(material))}
                >
                  {t(`plan.push.${material.kind}`, { name: material.name })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('plan.vocabulary')}</h2>
      <ul className="push-list">
        {plan.vocabulary.map((item) => (
          <li key={item.word}>
            {readOnly ? (
              <span>{item.word}</span>
            ) : (
              <button
                type="button"
                className="small-button"
                data-testid="push-word"
                onClick={() => push({ type: 'flashcard', word: item.word })}
              >
                {t('plan.push.flashcard', { name: item.word })}
              </button>
            )}
            {item.translation && (
              <span className="translation" lang="fr">
                {' '}
                – {item.translation}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function usePlan(plans: PlanClient): {
  plan: LessonPlanView | null;
  materials: PlanMaterial[];
  error: boolean;
} {
  const [plan, setPlan] = useState<LessonPlanView | null>(null);
  const [materials, setMaterials] = useState<PlanMaterial[]>([]);
  const [error, setError] = useState(false);
  useEffect(() => {
    let live = true;
    plans
      .loadPlan()
      .then(async (loaded) => {
        if (!live) return;
        setPlan(loaded);
        if (loaded?.materialIds.length) setMaterials(await plans.loadMaterials());
      })
      .catch(() => live && setError(true));
    return () => {
      live = false;
    };
  }, [plans]);
  return { plan, materials, error };
}
