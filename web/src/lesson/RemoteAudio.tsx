import { useTranslation } from 'react-i18next';
import { useLessonState } from './hooks';
import type { LessonClient } from './LessonClient';
import { AudioTrack, useAutoplayUnblock } from './MediaElements';

/** Plays every remote microphone; offers one big button if the browser blocks sound until a touch. */
export function RemoteAudio({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const { blocked, onBlocked, unblock } = useAutoplayUnblock();
  return (
    <>
      {state.remoteTracks
        .filter((track) => track.kind === 'audio')
        .map((track) => (
          <AudioTrack
            key={track.consumerId}
            track={client.track(track.consumerId)}
            onBlocked={onBlocked}
          />
        ))}
      {blocked && (
        <button type="button" className="big-button sound-unblock" onClick={unblock}>
          {t('media.enableSound')}
        </button>
      )}
    </>
  );
}
