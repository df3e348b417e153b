import { useState } from 'react';
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
  const [enlargedId, setEnlargedId] = useState<string | null>(null);
  // Only an enlarged tile may make its sender encode more than the tutor's view needs.
  const toggleEnlarged = (participantId: string, consumerId: string | undefined) => {
    const enlarged = enlargedId !== participantId;
    setEnlargedId(enlarged ? participantId : null);
    if (consumerId) void client.setPreferredLayer(consumerId, 2, enlarged).catch(() => undefined);
  };
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
            <figure
              key={person.participantId}
              className={enlargedId === person.participantId ? 'tile enlarged' : 'tile'}
            >
              <VideoTrack
                track={video ? client.track(video.consumerId) : undefined}
                label={person.displayName}
                onFirstFrame={markFirstRemoteFrame}
              />
              <figcaption>{`${t(`role.${person.role}`)} · ${person.displayName}`}</figcaption>
              <button
                type="button"
                className="small-button"
                aria-pressed={enlargedId === person.participantId}
                aria-label={t('inspector.enlarge', { name: person.displayName })}
                onClick={() => toggleEnlarged(person.participantId, video?.consumerId)}
              >
                {t('inspector.enlargeShort')}
              </button>
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
