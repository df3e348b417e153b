import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CriterionLevel, Inspection } from '../api/planning';
import { formatInstant } from './dates';
import { usePlanning } from './directory';
import { downloadFile } from './download';
import { hrefFor } from './routes';
import { toError, useLoad } from './useLoad';

const CRITERIA = ['objectives', 'pupil_talk', 'tutor_teacher', 'pacing', 'media'] as const;
const LEVELS: CriterionLevel[] = [
  'not_observed',
  'insufficient',
  'fragile',
  'satisfactory',
  'very_good',
];
const EXPORT_FORMATS = ['json', 'csv', 'md'] as const;

/** The inspector's observation of one lesson: grid, timestamped notes, sign-off, exports. */
export function InspectionScreen({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { api, identity } = usePlanning();
  const existing = useLoad(sessionId, () => api.call('listInspections', { query: { sessionId } }));
  const [created, setCreated] = useState<Inspection | undefined>();
  const [error, setError] = useState('');
  const mine = existing.data?.inspections.find((i) => i.inspectorId === identity.subject);
  const inspection = created ?? mine;
  const start = () =>
    api.call('createInspection', { body: { sessionId } }).then(
      (answer) => setCreated(answer.inspection),
      (reason: unknown) => setError(toError(reason).message),
    );
  return (
    <div className="inspection-screen">
      <a href={hrefFor({ screen: 'plan', sessionId })}>{t('planning.session.plan')}</a>
      <h1>{t('planning.inspection.heading')}</h1>
      {(error || existing.error) && <p role="alert">{error || existing.error?.message}</p>}
      {existing.data && !inspection && (
        <button type="button" className="primary" onClick={() => void start()}>
          {t('planning.inspection.start')}
        </button>
      )}
      {inspection && <InspectionForm initial={inspection} />}
    </div>
  );
}

function InspectionForm({ initial }: { initial: Inspection }) {
  const { t, i18n } = useTranslation();
  const { api } = usePlanning();
  const [inspection, setInspection] = useState(initial);
  const [status, setStatus] = useState('');
  const signed = inspection.signedOffAt !== null;
  const apply = (action: Promise<{ inspection: Inspection }>, done = '') =>
    action.then(
      (answer) => (setInspection(answer.inspection), setStatus(done)),
      (reason: unknown) => setStatus(toError(reason).message),
    );
  // Show the choice at once; the server's answer then replaces the whole inspection.
  const grade = (criterion: string, level: CriterionLevel) => {
    const grades = { ...inspection.grades, [criterion]: level };
    setInspection({ ...inspection, grades });
    return apply(
      api.call('gradeInspection', { params: { id: inspection.id }, body: { grades } }),
      t('planning.inspection.saved'),
    );
  };
  return (
    <>
      <CriteriaGrid
        grades={inspection.grades}
        disabled={signed}
        onGrade={(c, l) => void grade(c, l)}
      />
      <Notes
        notes={inspection.notes}
        disabled={signed}
        onAdd={(text) =>
          apply(api.call('addInspectionNote', { params: { id: inspection.id }, body: { text } }))
        }
      />
      <section aria-labelledby="signoff-h">
        <h2 id="signoff-h">{t('planning.inspection.signOff')}</h2>
        {signed ? (
          <p className="ok-text">
            <span aria-hidden="true">✓ </span>
            {t('planning.inspection.signedOff', {
              when: formatInstant(inspection.signedOffAt ?? '', i18n.language),
            })}
          </p>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() =>
              void apply(api.call('signOffInspection', { params: { id: inspection.id } }))
            }
          >
            {t('planning.inspection.signOff')}
          </button>
        )}
        <p role="status">{status}</p>
      </section>
      <ExportButtons inspectionId={inspection.id} />
    </>
  );
}

interface CriteriaGridProps {
  grades: Inspection['grades'];
  disabled: boolean;
  onGrade: (criterion: string, level: CriterionLevel) => void;
}

function CriteriaGrid({ grades, disabled, onGrade }: CriteriaGridProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="criteria-h">
      <h2 id="criteria-h">{t('planning.inspection.criteria')}</h2>
      {CRITERIA.map((criterion) => (
        <fieldset key={criterion} className="criterion" disabled={disabled}>
          <legend>{t(`planning.inspection.criteriaLabels.${criterion}`)}</legend>
          {LEVELS.map((level) => (
            <label key={level} className="level">
              <input
                type="radio"
                name={`criterion-${criterion}`}
                value={level}
                checked={grades[criterion] === level}
                onChange={() => onGrade(criterion, level)}
              />
              {t(`planning.inspection.levels.${level}`)}
            </label>
          ))}
        </fieldset>
      ))}
    </section>
  );
}

interface NotesProps {
  notes: Inspection['notes'];
  disabled: boolean;
  onAdd: (text: string) => Promise<unknown>;
}

function Notes({ notes, disabled, onAdd }: NotesProps) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  return (
    <section aria-labelledby="notes-h">
      <h2 id="notes-h">{t('planning.inspection.notes')}</h2>
      <ol className="inspection-notes">
        {notes.map((note, index) => (
          <li key={`${note.at}-${index}`}>
            <time dateTime={note.at}>{formatInstant(note.at, i18n.language)}</time> — {note.text}
          </li>
        ))}
      </ol>
      {!disabled && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim()) void onAdd(text).then(() => setText(''));
          }}
        >
          <label htmlFor="inspection-note">{t('planning.inspection.note')}</label>
          <textarea
            id="inspection-note"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">{t('planning.inspection.addNote')}</button>
        </form>
      )}
    </section>
  );
}

function ExportButtons({ inspectionId }: { inspectionId: string }) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const [error, setError] = useState('');
  return (
    <div className="form-actions">
      {EXPORT_FORMATS.map((format) => (
        <button
          key={format}
          type="button"
          onClick={() =>
            void downloadFile(
              api.file('exportInspection', { params: { id: inspectionId }, query: { format } }),
              `${inspectionId}.${format}`,
            ).catch((e: unknown) => setError(toError(e).message))
          }
        >
          {t('planning.inspection.export', { format: format.toUpperCase() })}
        </button>
      ))}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
