import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import { useActivityState, useLessonState } from './hooks';
import type { LessonClient } from './LessonClient';

/**
 * The pupils at home this page may give the floor or the pen to (the tutor, the pupil's own
 * classroom), each attached to its class: "Léa (à la maison) — CM1 Jaurès". Shown only when
 * the server says this page may grant (`grantPupil`), and only the pupils it sends.
 */
export function PupilsAtHome({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const activity = useActivityState(client);
  const pupils = state.participants.filter((p) => p.role === 'pupil');
  if (!state.capabilities.includes('grantPupil') || pupils.length === 0) return null;
  return (
    <section className="pupils-at-home" aria-label={t('pupils.title')} data-testid="pupils-at-home">
      <h2>{t('pupils.title')}</h2>
      <ul>
        {pupils.map((pupil) => {
          const name = pupil.displayName;
          const grants = state.pupilGrants.find((g) => g.participantId === pupil.participantId);
          const floor = grants?.microphone ?? false;
          const drawing = grants?.drawing ?? false;
          const grant = (kind: 'microphone' | 'drawing', granted: boolean) =>
            void client.grantPupil(pupil.participantId, kind, granted);
          return (
            <li key={pupil.participantId} data-testid="pupil-at-home">
              {activity.raisedHands.includes(pupil.participantId) && <Icon name="hand" />}
              <span>{t('pupils.label', { name, className: pupil.className ?? '' })}</span>
              {floor && <strong> {t('pupils.speaking')}</strong>}
              <button
                type="button"
                className="small-button"
                aria-pressed={floor}
                data-testid="grant-floor"
                onClick={() => grant('microphone', !floor)}
              >
                {t(floor ? 'pupils.takeFloor' : 'pupils.giveFloor', { name })}
              </button>
              <button
                type="button"
                className="small-button"
                aria-pressed={drawing}
                onClick={() => grant('drawing', !drawing)}
              >
                {t(drawing ? 'pupils.stopDrawing' : 'pupils.allowDrawing', { name })}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
