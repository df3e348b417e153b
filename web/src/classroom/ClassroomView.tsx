import { useTranslation } from 'react-i18next';
import { BoardPanel } from '../lesson/BoardPanel';
import { MediaErrorBanner } from '../lesson/MediaErrorBanner';
import { PupilsAtHome } from '../lesson/PupilsAtHome';
import { PushedAudio } from '../lesson/PushedAudio';
import { RemoteAudio } from '../lesson/RemoteAudio';
import { useActivityState, useLessonState, videoOf } from '../lesson/hooks';
import type { LessonClient } from '../lesson/LessonClient';
import { VideoTrack, markFirstRemoteFrame } from '../lesson/MediaElements';
import { ClassroomControls } from './ClassroomControls';

/**
 * The interactive whiteboard: the tutor large, the shared board beside,
 * the class's own small picture, and a few big buttons. No pupil data.
 */
export function ClassroomView({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const activity = useActivityState(client);
  const tutor = state.participants.find((p) => p.role === 'tutor');
  const tutorVideo = tutor ? videoOf(state, tutor.participantId) : undefined;
  const tutorCamera = tutor ? videoOf(state, tutor.participantId, 'camera') : undefined;
  const sharing = tutorVideo?.source === 'screen';
  const selfVideo = client.localStream?.getVideoTracks()[0];
  const selfId = state.self?.participantId;
  const audioOnly = selfId !== undefined && activity.links[selfId]?.state === 'audioOnly';

  return (
    <main className="classroom" data-testid="lesson-room" data-role="classroom">
      <section className="classroom-stage" aria-label={t('classroom.tutor')}>
        {tutorVideo ? (
          <figure className="tutor-video">
            <VideoTrack
              track={client.track(tutorVideo.consumerId)}
              label={t('classroom.tutor')}
              onFirstFrame={markFirstRemoteFrame}
            />
            {sharing && tutorCamera && (
              <div className="tutor-pip">
                <VideoTrack
                  track={client.track(tutorCamera.consumerId)}
                  label={tutor?.displayName ?? ''}
                />
              </div>
            )}
            <figcaption>{tutor?.displayName}</figcaption>
          </figure>
        ) : (
          <p className="waiting-tutor big-status" role="status">
            {t('classroom.waitingForTutor')}
          </p>
        )}
        {selfVideo && (
          <figure className="classroom-self">
            <VideoTrack track={selfVideo} label={t('lesson.you')} mirrored />
          </figure>
        )}
      </section>
      <section className="classroom-board" aria-label={t('board.title')}>
        <BoardPanel client={client} />
      </section>
      <div className="classroom-banners">
        {audioOnly && (
          <p className="banner" role="status" data-testid="audio-only">
            {t('classroom.audioOnly')}
          </p>
        )}
        {activity.mutedByTutor && (
          <p className="banner" role="status">
            {t('classroom.mutedByTutor')}
          </p>
        )}
        <MediaErrorBanner client={client} />
        <PupilsAtHome client={client} />
      </div>
      <ClassroomControls client={client} />
      <RemoteAudio client={client} />
      <PushedAudio client={client} />
    </main>
  );
}
