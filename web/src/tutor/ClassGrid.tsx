import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantInfo } from '../../../signaling/protocol';
import { Icon } from '../lesson/Icon';
import { LineReadinessMark } from './LineReadinessMark';
import { QualityIndicator } from '../lesson/QualityIndicator';
import { useActivityState, useLessonState, videoOf } from '../lesson/hooks';
import type { LessonClient, LessonState } from '../lesson/LessonClient';
import { VideoTrack, markFirstRemoteFrame } from '../lesson/MediaElements';

/** Simulcast layers: the spotlighted class in full, the others as thumbnails. */
const SPOTLIGHT_LAYER = 2;
const THUMBNAIL_LAYER = 0;

/** One tutor, several classrooms: a spotlight and thumbnails, each with its hand, quality and mute. */
export function ClassGrid({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const classes = state.participants.filter((p) => p.role === 'classroom');
  const [chosen, setChosen] = useState<string | null>(null);
  const spotlight = classes.find((c) => c.participantId === chosen) ?? classes[0];
  useLayerPreferences(client, state, classes, spotlight?.participantId);

  if (classes.length === 0) return <p className="empty big-status">{t('tutor.noClassYet')}</p>;
  return (
    <div className={classes.length > 1 ? 'class-grid with-spotlight' : 'class-grid'}>
      {classes.map((room) => (
        <ClassTile
          key={room.participantId}
          client={client}
          room={room}
          spotlighted={room.participantId === spotlight?.participantId}
          onSpotlight={() => setChosen(room.participantId)}
        />
      ))}
    </div>
  );
}

function ClassTile(props: {
  client: LessonClient;
  room: ParticipantInfo;
  spotlighted: boolean;
  onSpotlight: () => void;
}) {
  const { client, room, spotlighted, onSpotlight } = props;
  const { t } = useTranslation();
  const state = useLessonState(client);
  const activity = useActivityState(client);
  const video = videoOf(state, room.participantId, 'camera');
  const mic = state.remoteTracks.find(
    (track) => track.participantId === room.participantId && track.kind === 'audio',
  );
  const handUp = activity.raisedHands.includes(room.participantId);
  const link = activity.links[room.participantId];
  return (
    <figure
      className={spotlighted ? 'class-tile spotlight' : 'class-tile'}
      data-testid="class-tile"
      data-participant-id={room.participantId}
      data-spotlight={spotlighted}
    >
      <VideoTrack
        track={video ? client.track(video.consumerId) : undefined}
        label={room.displayName}
        onFirstFrame={markFirstRemoteFrame}
      />
      <figcaption>
        <span className="class-name">{room.displayName}</span>
        {handUp && (
          <span className="hand-badge" role="status">
            <Icon name="hand" /> {t('tutor.handUp')}
          </span>
        )}
        <QualityIndicator quality={activity.quality[room.participantId]} />
        <LineReadinessMark note={activity.lineReadiness[room.participantId]} />
        {link?.state === 'audioOnly' && (
          <span className="link-badge" role="status" data-testid="audio-only">
            {t('tutor.audioOnly')}
          </span>
        )}
      </figcaption>
      <div className="tile-actions">
        {!spotlighted && (
          <button
            type="button"
            className="small-button"
            aria-label={t('tutor.spotlight', { name: room.displayName })}
            onClick={onSpotlight}
          >
            {t('tutor.spotlightShort')}
          </button>
        )}
        {mic && (
          <button
            type="button"
            className="small-button"
            aria-label={
              mic.paused
                ? t('tutor.unmuteClass', { name: room.displayName })
                : t('tutor.muteClass', { name: room.displayName })
            }
            onClick={() =>
              void client.activity.setParticipantMuted(room.participantId, !mic.paused)
            }
          >
            {mic.paused ? t('tutor.unmuteShort') : t('tutor.muteShort')}
          </button>
        )}
      </div>
    </figure>
  );
}

/** Asks the server for the right simulcast layer of each class camera, once per change. */
function useLayerPreferences(
  client: LessonClient,
  state: LessonState,
  classes: ParticipantInfo[],
  spotlightId: string | undefined,
) {
  const applied = useRef(new Map<string, number>());
  useEffect(() => {
    for (const room of classes) {
      const video = videoOf(state, room.participantId, 'camera');
      if (!video) continue;
      const layer =
        room.participantId === spotlightId || classes.length === 1
          ? SPOTLIGHT_LAYER
          : THUMBNAIL_LAYER;
      if (applied.current.get(video.consumerId) === layer) continue;
      applied.current.set(video.consumerId, layer);
      void client
        .setPreferredLayer(video.consumerId, layer)
        .catch(() => applied.current.delete(video.consumerId));
    }
  }, [client, state, classes, spotlightId]);
}
