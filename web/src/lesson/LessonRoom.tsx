import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonClient, RemoteTrackInfo } from './LessonClient';
import { AudioTrack, VideoTrack, markFirstRemoteFrame, useAutoplayUnblock } from './MediaElements';
import { LessonControls } from './LessonControls';
import { MediaErrorBanner } from './MediaErrorBanner';

/** The joined lesson: local preview, remote videos and audio, controls. */
export function LessonRoom({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useSyncExternalStore(client.store.subscribe, client.store.get);
  const autoplay = useAutoplayUnblock();
  const self = state.self;
  const videos = state.remoteTracks.filter((track) => track.kind === 'video');
  const audios = state.remoteTracks.filter((track) => track.kind === 'audio');
  const nameOf = (track: RemoteTrackInfo) =>
    state.participants.find((p) => p.participantId === track.participantId)?.displayName ?? '';
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
      {autoplay.blocked && (
        <button type="button" className="big-button sound-unblock" onClick={autoplay.unblock}>
          {t('media.enableSound')}
        </button>
      )}
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
              label={nameOf(track)}
              onFirstFrame={markFirstRemoteFrame}
            />
            <figcaption>
              {nameOf(track)}
              {track.paused ? ` · ${t('lesson.paused')}` : ''}
            </figcaption>
          </figure>
        ))}
      </section>
      {audios.map((track) => (
        <AudioTrack
          key={track.consumerId}
          track={client.track(track.consumerId)}
          onBlocked={autoplay.onBlocked}
        />
      ))}
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
