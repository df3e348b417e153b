import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivityState } from './hooks';
import type { LessonClient } from './LessonClient';
import { useMaterialUrl } from './materials';

/** Plays the audio the tutor pushed from the lesson plan (a song, a story), with its title shown. */
export function PushedAudio({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const { lastPushed } = useActivityState(client);
  const ref = useRef<HTMLAudioElement>(null);
  const audio = lastPushed?.content.type === 'audio' ? lastPushed : null;
  const url = useMaterialUrl(
    audio?.content.type === 'audio' ? audio.content.materialId : undefined,
  );
  useEffect(() => {
    if (audio && url && ref.current) void ref.current.play().catch(() => undefined);
  }, [audio, url]);
  if (!audio || audio.content.type !== 'audio' || !url) return null;
  return (
    <figure className="pushed-audio">
      <figcaption>{t('lesson.pushedAudio', { title: audio.content.title })}</figcaption>
      <audio ref={ref} src={url} controls />
    </figure>
  );
}
