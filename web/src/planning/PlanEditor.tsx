import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type LessonPlan, type Material, type PlanContent } from '../api/planning';
import { usePlanning } from './directory';
import { MaterialsEditor } from './MaterialsEditor';
import { PlanHistory } from './PlanHistory';
import { ActivitiesEditor, ObjectivesEditor, VocabularyEditor } from './PlanSections';
import { TemplatePicker } from './TemplatePicker';
import { toError } from './useLoad';

export const LESSON_MINUTES = 30;

function contentOf(plan: LessonPlan): PlanContent {
  const { objectives, vocabulary, activities, materialIds, handoverNote } = plan;
  return { objectives, vocabulary, activities, materialIds, handoverNote };
}

interface PlanEditorProps {
  sessionId: string;
  initialPlan: LessonPlan;
  materials: Material[];
}

/** Tutor and teacher co-edit from two countries; `expectedVersion` stops one overwriting the other. */
export function PlanEditor({
  sessionId,
  initialPlan,
  materials: initialMaterials,
}: PlanEditorProps) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const [version, setVersion] = useState(initialPlan.version);
  const [draft, setDraft] = useState(() => contentOf(initialPlan));
  const [materials, setMaterials] = useState(initialMaterials);
  const [message, setMessage] = useState<{ text: string; error?: boolean }>({ text: '' });
  const total = draft.activities.reduce((sum, activity) => sum + (activity.minutes || 0), 0);
  const overTime = total > LESSON_MINUTES;
  const accept = (plan: LessonPlan, text: string) => {
    setVersion(plan.version);
    setDraft(contentOf(plan));
    setMessage({ text });
  };
  const handleFailure = async (reason: unknown) => {
    if (reason instanceof ApiError && reason.status === 409) {
      const { plan } = await api.call('getPlan', { params: { id: sessionId } });
      setVersion(plan.version);
      setDraft(contentOf(plan));
      return setMessage({ text: t('planning.plan.stale'), error: true });
    }
    setMessage({ text: toError(reason).message, error: true });
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (overTime) return;
    api
      .call('editPlan', { params: { id: sessionId }, body: { ...draft, expectedVersion: version } })
      .then(
        ({ plan }) => accept(plan, t('planning.plan.saved', { version: plan.version })),
        handleFailure,
      );
  };
  const applyTemplate = (templateId: string) =>
    api
      .call('applyTemplate', {
        params: { id: sessionId },
        body: { templateId, expectedVersion: version },
      })
      .then(
        ({ plan }) => accept(plan, t('planning.plan.saved', { version: plan.version })),
        handleFailure,
      );
  return (
    <>
      <TemplatePicker onApply={applyTemplate} />
      <form className="plan-editor" onSubmit={save} aria-label={t('planning.plan.heading')}>
        <ObjectivesEditor
          value={draft.objectives}
          onChange={(objectives) => setDraft({ ...draft, objectives })}
        />
        <VocabularyEditor
          value={draft.vocabulary}
          onChange={(vocabulary) => setDraft({ ...draft, vocabulary })}
        />
        <ActivitiesEditor
          value={draft.activities}
          total={total}
          max={LESSON_MINUTES}
          onChange={(activities) => setDraft({ ...draft, activities })}
        />
        <MaterialsEditor
          materials={materials}
          attachedIds={draft.materialIds}
          onUploaded={(material) => setMaterials([...materials, material])}
          onChange={(materialIds) => setDraft({ ...draft, materialIds })}
        />
        <HandoverField
          value={draft.handoverNote}
          onChange={(handoverNote) => setDraft({ ...draft, handoverNote })}
        />
        <div className="form-actions sticky-actions">
          <button
            type="submit"
            className="primary"
            disabled={overTime}
            aria-describedby="plan-total"
          >
            {t('planning.plan.save')}
          </button>
          <p role="status" className={message.error ? 'error-text' : 'ok-text'}>
            {message.text}
          </p>
        </div>
      </form>
      <PlanHistory sessionId={sessionId} version={version} />
    </>
  );
}

function HandoverField({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="handover-field">
      <h2>
        <label htmlFor="handover-note">{t('planning.plan.handover')}</label>
      </h2>
      <textarea
        id="handover-note"
        rows={4}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
      />
    </div>
  );
}
