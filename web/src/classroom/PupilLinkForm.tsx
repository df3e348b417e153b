import { useState, type FormEvent } from 'react';
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
                ? 'Indiquez seulement un prénom ou des initiales.'
                : "Le lien n'a pas pu être créé.",
          }),
      );
  };
  return (
    <form className="pupil-link-form" onSubmit={submit} data-testid="pupil-link-form">
      <label>
        Prénom ou initiales de l'élève
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
        Autoriser sa caméra (vue seulement par l'intervenant·e et la classe)
      </label>
      <button type="submit" className="big-button">
        Créer le lien pour cette leçon
      </button>
      {result?.url && (
        <p role="status">
          Lien à transmettre à la famille (valable pour cette leçon) :{' '}
          <input readOnly value={result.url} data-testid="pupil-link-url" />
        </p>
      )}
      {result?.error && <p role="alert">{result.error}</p>}
    </form>
  );
}
