import { useTranslation } from 'react-i18next';
import { BoardPanel } from '../lesson/BoardPanel';
import { LanguageSwitch } from '../lesson/LanguageSwitch';
import { RemoteAudio } from '../lesson/RemoteAudio';
import { useLessonState, videoOf } from '../lesson/hooks';
import type { LessonClient } from '../lesson/LessonClient';
import { VideoTrack, markFirstRemoteFrame } from '../lesson/MediaElements';
import type { PlanClient } from '../lesson/lessonPlan';
import { LessonPlanPanel } from '../tutor/LessonPlanPanel';
import { ObservationNotes } from './ObservationNotes';

/** Receive-only: the tutor, the classes and the board, with the plan and timestamped notes. */
export function InspectorView({ client, plans }: { client: LessonClient; plans: PlanClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const ordered = [...state.participants].sort((a, b) =>
    a.role === 'tutor' ? -1 : b.role === 'tutor' ? 1 : 0,
  );
  return (
    <main className="inspector" data-testid="lesson-room" data-role="inspector">
      <header className="lesson-header">
        <p className="banner" role="status">
          {t('lesson.silentObserver')}
        </p>
        <LanguageSwitch />
      </header>
      <section className="inspector-videos" aria-label={t('inspector.videos')}>
        {ordered.map((person) => {
          const video = videoOf(state, person.participantId);
          return (
            <figure key={person.participantId} className="tile">
              <VideoTrack
                track={video ? client.track(video.consumerId) : undefined}
                label={person.displayName}
                onFirstFrame={markFirstRemoteFrame}
              />
              <figcaption>{`${t(`role.${person.role}`)} · ${person.displayName}`}</figcaption>
            </figure>
          );
        })}
      </section>
      <section className="inspector-board" aria-label={t('board.title')}>
        <BoardPanel client={client} readOnly />
      </section>
      <aside className="inspector-side">
        <ObservationNotes plans={plans} />
        <LessonPlanPanel client={client} plans={plans} readOnly />
      </aside>
      <RemoteAudio client={client} />
    </main>
  );
}
