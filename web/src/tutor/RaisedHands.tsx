import { useTranslation } from 'react-i18next';
import { Icon } from '../lesson/Icon';
import { useActivityState, useLessonState, nameOf } from '../lesson/hooks';
import type { LessonClient } from '../lesson/LessonClient';

/** The raise-hand queue (oldest first) and the classes' "can't hear / can't see" signals. */
export function RaisedHands({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const activity = useActivityState(client);
  return (
    <div className="tutor-alerts">
      <section aria-label={t('tutor.handQueue')} data-testid="hand-queue">
        {activity.raisedHands.length === 0 ? (
          <span className="muted-text">{t('tutor.noHands')}</span>
        ) : (
          <ol className="hand-queue">
            {activity.raisedHands.map((id) => (
              <li key={id}>
                <Icon name="hand" /> {nameOf(state, id)}
              </li>
            ))}
          </ol>
        )}
      </section>
      <ul className="signals" aria-live="assertive" data-testid="signals">
        {activity.signals.map((notice) => (
          <li key={notice.id} className="signal">
            {t(`tutor.signal.${notice.signal}`, { name: nameOf(state, notice.participantId) })}
            <button
              type="button"
              className="small-button"
              onClick={() => client.activity.dismissSignal(notice.id)}
            >
              {t('tutor.dismiss')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
