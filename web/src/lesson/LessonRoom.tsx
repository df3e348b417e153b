import { useTranslation } from 'react-i18next';
import { nameOf, useLessonState } from './hooks';
import type { LessonClient } from './LessonClient';
import { VideoTrack, markFirstRemoteFrame } from './MediaElements';
import { RemoteAudio } from './RemoteAudio';
import { LessonControls } from './LessonControls';
import { MediaErrorBanner } from './MediaErrorBanner';

/** The joined lesson for roles without a view of their own (a coordinator dropping in). */
export function LessonRoom({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const self = state.self;
  const videos = state.remoteTracks.filter((track) => track.kind === 'video');
  const observing = self?.role === 'inspector' || self?.role === 'coordinator';

  return (
    <main className="lesson" data-testid="lesson-room" data-role={self?.role}>
      <header className="lesson-header">
        <span>{self ? `${t(`role.${self.role}`)} · ${self.displayName}` : ''}</span>
        <span data-testid="participant-count">
          {t('lesson.participants', { count: state.participants.length + 1 })}
        </span>
      </header>
      {observing && (
        <p className="banner" role="status">
          {t('lesson.silentObserver')}
        </p>
      )}
      <MediaErrorBanner client={client} />
      <section
        className="remote-grid"
        aria-label={t('lesson.participants', { count: state.participants.length })}
      >
        {videos.length === 0 && <p className="empty">{t('lesson.waitingForOthers')}</p>}
        {videos.map((track) => (
          <figure
            key={track.consumerId}
            className={track.participantId === state.activeSpeakerId ? 'tile speaking' : 'tile'}
          >
            <VideoTrack
              track={client.track(track.consumerId)}
              label={nameOf(state, track.participantId)}
              onFirstFrame={markFirstRemoteFrame}
            />
            <figcaption>
              {nameOf(state, track.participantId)}
              {track.paused ? ` · ${t('lesson.paused')}` : ''}
            </figcaption>
          </figure>
        ))}
      </section>
      <RemoteAudio client={client} />
      {client.localStream && (
        <figure className="self-view">
          <VideoTrack
            track={client.localStream.getVideoTracks()[0]}
            label={t('lesson.you')}
            mirrored
          />
          <figcaption>{t('lesson.you')}</figcaption>
        </figure>
      )}
      <LessonControls client={client} state={state} />
    </main>
  );
}
