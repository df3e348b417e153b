import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, createPlanningApi } from '../api/planning';

/**
 * From the whiteboard, the teacher gives a pupil at home a link to this lesson: a first name
 * or initials, the camera allowed or not. The class's key authenticates (its own class only);
 * the link is shown once, to be sent to the family.
 */
export function PupilLinkForm({
  classKey,
  classId,
  sessionId,
}: {
  classKey: string;
  classId: string;
  sessionId: string;
}) {
  const { t } = useTranslation();
  const [pupilName, setPupilName] = useState('');
  const [allowCamera, setAllowCamera] = useState(false);
  const [result, setResult] = useState<{ url?: string; error?: string } | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    createPlanningApi(classKey)
      .call('createPupilLink', {
        params: { id: classId },
        body: { pupilName, sessionId, allowCamera },
      })
      .then(
        ({ url }) => setResult({ url }),
        (error: unknown) =>
          setResult({
            error:
              error instanceof ApiError && error.code === 'invalid_request'
                ? t('classroom.pupilLink.nameOnly')
                : t('classroom.pupilLink.failed'),
          }),
      );
  };
  return (
    <form className="pupil-link-form" onSubmit={submit} data-testid="pupil-link-form">
      <label>
        {t('classroom.pupilLink.name')}
        <input
          value={pupilName}
          maxLength={24}
          onChange={(event) => setPupilName(event.target.value)}
          required
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={allowCamera}
          onChange={(event) => setAllowCamera(event.target.checked)}
        />{' '}
        {t('classroom.pupilLink.allowCamera')}
      </label>
      <button type="submit" className="big-button">
        {t('classroom.pupilLink.create')}
      </button>
      {result?.url && (
        <p role="status">
          {t('classroom.pupilLink.created')}{' '}
          <input readOnly value={result.url} data-testid="pupil-link-url" />
        </p>
      )}
      {result?.error && <p role="alert">{result.error}</p>}
    </form>
  );
}
