import { BoardPanel } from '../lesson/BoardPanel';
import { Icon } from '../lesson/Icon';
import { useActivityState, useLessonState, videoOf } from '../lesson/hooks';
import type { LessonClient } from '../lesson/LessonClient';
import { VideoTrack, markFirstRemoteFrame } from '../lesson/MediaElements';
import { RemoteAudio } from '../lesson/RemoteAudio';
import type { PupilSession } from './pupilApi';

/**
 * The pupil's lesson: the tutor large, its own class small (the server sends no other), the
 * board (drawing only while allowed), and three big buttons. Every button follows what the
 * server allows now (`capabilities`), never a guess of the page.
 */
export function PupilView({ client, session }: { client: LessonClient; session: PupilSession }) {
  const state = useLessonState(client);
  const tutor = state.participants.find((p) => p.role === 'tutor');
  const tutorVideo = tutor ? videoOf(state, tutor.participantId) : undefined;
  const classes = state.participants.filter((p) => p.role === 'classroom');
  const mayDraw = state.capabilities.includes('drawBoard');

  return (
    <main className="pupil" data-testid="lesson-room" data-role="pupil">
      <header className="pupil-header">
        <h1>
          Bonjour {session.pupilName} — leçon d'anglais avec la classe {session.className}
        </h1>
      </header>
      <section className="pupil-stage" aria-label="Le professeur">
        {tutorVideo ? (
          <VideoTrack
            track={client.track(tutorVideo.consumerId)}
            label={tutor?.displayName ?? 'Le professeur'}
            onFirstFrame={markFirstRemoteFrame}
          />
        ) : (
          <p className="pupil-waiting" role="status">
            Le professeur arrive bientôt…
          </p>
        )}
      </section>
      <section className="pupil-class" aria-label="Ta classe">
        {classes.map((room) => {
          const video = videoOf(state, room.participantId, 'camera');
          return (
            <figure key={room.participantId}>
              {video && (
                <VideoTrack track={client.track(video.consumerId)} label={room.displayName} />
              )}
              <figcaption>{room.displayName}</figcaption>
            </figure>
          );
        })}
      </section>
      <section className="pupil-board" aria-label="Le tableau">
        <BoardPanel client={client} readOnly={!mayDraw} compact />
        {mayDraw && <p className="pupil-banner">Tu peux dessiner au tableau.</p>}
      </section>
      <PupilControls client={client} />
      <RemoteAudio client={client} />
    </main>
  );
}

function PupilControls({ client }: { client: LessonClient }) {
  const state = useLessonState(client);
  const activity = useActivityState(client);
  const hasFloor = state.capabilities.includes('produceMicrophone');
  const mayFilm = state.capabilities.includes('produceCamera');
  const speaking = state.localSources.microphone !== undefined;
  const filming = state.localSources.camera !== undefined;
  return (
    <nav className="pupil-controls" aria-label="Boutons">
      {hasFloor && (
        <p className="pupil-banner floor" role="status" data-testid="pupil-floor">
          Tu as la parole
        </p>
      )}
      <button
        type="button"
        className={activity.ownHandRaised ? 'pupil-button active' : 'pupil-button'}
        aria-pressed={activity.ownHandRaised}
        data-testid="raise-hand"
        onClick={() => void client.activity.raiseHand(!activity.ownHandRaised)}
      >
        <Icon name="hand" /> {activity.ownHandRaised ? 'Baisser la main' : 'Lever la main'}
      </button>
      <button
        type="button"
        className={speaking ? 'pupil-button active' : 'pupil-button'}
        disabled={!hasFloor}
        data-testid="pupil-mic"
        onClick={() =>
          void (speaking ? client.stopSource('microphone') : client.sendSource('microphone'))
        }
      >
        <Icon name={speaking ? 'mic' : 'micOff'} /> {speaking ? 'Couper mon micro' : 'Parler'}
      </button>
      {mayFilm && (
        <button
          type="button"
          className={filming ? 'pupil-button active' : 'pupil-button'}
          data-testid="pupil-camera"
          onClick={() => void (filming ? client.stopSource('camera') : client.sendSource('camera'))}
        >
          <Icon name="eye" /> {filming ? 'Couper ma caméra' : 'Allumer ma caméra'}
        </button>
      )}
    </nav>
  );
}
