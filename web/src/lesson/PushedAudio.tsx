import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivityState } from './hooks';
import type { LessonClient } from './LessonClient';

/** Plays the audio the tutor pushed from the lesson plan (a song, a story), with its title shown. */
export function PushedAudio({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const { lastPushed } = useActivityState(client);
  const ref = useRef<HTMLAudioElement>(null);
  const audio = lastPushed?.content.type === 'audio' ? lastPushed : null;
  useEffect(() => {
    if (audio && ref.current) void ref.current.play().catch(() => undefined);
  }, [audio]);
  if (!audio || audio.content.type !== 'audio') return null;
  return (
    <figure className="pushed-audio">
      <figcaption>{t('lesson.pushedAudio', { title: audio.content.title })}</figcaption>
      <audio ref={ref} src={audio.content.url} controls />
    </figure>
  );
}
