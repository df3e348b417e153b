import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonSession } from '../api/planning';
import { usePlanning } from './directory';

/**
 * Links for pupils at home, from the lesson's plan screen: its classes' teachers (their own
 * class) and the coordinator give one pupil, by first name or initials, this lesson or the
 * class's series, with or without its camera; and revoke the links in force.
 */
export function PupilLinks({ session }: { session: LessonSession }) {
  const { t } = useTranslation();
  const { identity, classes } = usePlanning();
  const mine = classes.filter(
    (schoolClass) =>
      session.classIds.includes(schoolClass.id) &&
      (identity.role === 'coordinator' || schoolClass.teacherId === identity.subject),
  );
  if (mine.length === 0) return null;
  return (
    <section className="recap-panel" aria-labelledby="pupil-links-h">
      <h2 id="pupil-links-h">{t('planning.pupilLinks.heading')}</h2>
      <p>{t('planning.pupilLinks.intro')}</p>
      {mine.map((schoolClass) => (
        <PupilLinkPanel key={schoolClass.id} session={session} classId={schoolClass.id} />
      ))}
    </section>
  );
}

function PupilLinkPanel({ session, classId }: { session: LessonSession; classId: string }) {
  const { t } = useTranslation();
  const { api, classes } = usePlanning();
  const className = classes.find((schoolClass) => schoolClass.id === classId)?.name ?? '';
  const [pupilName, setPupilName] = useState('');
  const [allowCamera, setAllowCamera] = useState(false);
  const [series, setSeries] = useState(false);
  const [issued, setIssued] = useState<{ url: string; id: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target =
      series && session.slotId ? { slotId: session.slotId } : { sessionId: session.id };
    api
      .call('createPupilLink', {
        params: { id: classId },
        body: { pupilName, allowCamera, ...target },
      })
      .then(
        ({ url, link }) => (setIssued({ url, id: link.id }), setMessage(null)),
        (error: Error) => setMessage(error.message),
      );
  };
  const revoke = (id: string) =>
    void api.call('revokePupilLink', { params: { id } }).then(
      () => (setIssued(null), setMessage(t('planning.pupilLinks.revoked'))),
      (error: Error) => setMessage(error.message),
    );
  return (
    <form className="family-link" onSubmit={submit}>
      <label>
        {t('planning.pupilLinks.name', { className })}{' '}
        <input
          value={pupilName}
          maxLength={24}
          required
          onChange={(e) => setPupilName(e.target.value)}
        />
      </label>{' '}
      <label>
        <input
          type="checkbox"
          checked={allowCamera}
          onChange={(e) => setAllowCamera(e.target.checked)}
        />{' '}
        {t('planning.pupilLinks.camera')}
      </label>{' '}
      {session.slotId && (
        <label>
          <input type="checkbox" checked={series} onChange={(e) => setSeries(e.target.checked)} />{' '}
          {t('planning.pupilLinks.series')}
        </label>
      )}{' '}
      <button type="submit">{t('planning.pupilLinks.create')}</button>
      {message && <p role="status">{message}</p>}
      {issued && (
        <p>
          <input readOnly value={issued.url} aria-label={t('planning.pupilLinks.link')} />{' '}
          <button type="button" onClick={() => revoke(issued.id)}>
            {t('planning.pupilLinks.revoke')}
          </button>
        </p>
      )}
    </form>
  );
}
