import { useCallback, useEffect, useRef, useState } from 'react';
import { announceViewTrack } from './earlyVideo';
import { FIRST_REMOTE_FRAME_MARK, markOnce } from './lessonState';

/** Marks, once per page, when the first remote picture was painted (reported by the browser tests). */
export function markFirstRemoteFrame(): void {
  markOnce(FIRST_REMOTE_FRAME_MARK);
}

/** Renders one MediaStreamTrack; the track itself never enters React state. */
export function VideoTrack({
  track,
  label,
  mirrored = false,
  onFirstFrame,
}: {
  track: MediaStreamTrack | undefined;
  label: string;
  mirrored?: boolean;
  onFirstFrame?: () => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = track ? new MediaStream([track]) : null;
    // The early video (earlyVideo.ts) showing the same track steps aside once this one paints.
    if (track) {
      announceViewTrack(track, false);
      element.requestVideoFrameCallback(() => {
        announceViewTrack(track, true);
        onFirstFrame?.();
      });
    }
    return () => {
      element.srcObject = null;
    };
  }, [track, onFirstFrame]);
  return (
    <video
      ref={ref}
      className={mirrored ? 'video mirrored' : 'video'}
      autoPlay
      playsInline
      muted
      aria-label={label}
    />
  );
}

/** Plays a remote microphone; reports when the browser blocks autoplay until a touch. */
export function AudioTrack({
  track,
  onBlocked,
}: {
  track: MediaStreamTrack | undefined;
  onBlocked: () => void;
}) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || !track) return;
    element.srcObject = new MediaStream([track]);
    element.play().catch(onBlocked);
    return () => {
      element.srcObject = null;
    };
  }, [track, onBlocked]);
  return <audio ref={ref} autoPlay />;
}

/** Whether some audio element was blocked; a single tap anywhere unblocks them all. */
export function useAutoplayUnblock(): {
  blocked: boolean;
  onBlocked: () => void;
  unblock: () => void;
} {
  const [blocked, setBlocked] = useState(false);
  // Stable callbacks: AudioTrack's effect depends on onBlocked and must not rerun each render.
  const onBlocked = useCallback(() => setBlocked(true), []);
  const unblock = useCallback(() => {
    document.querySelectorAll('audio').forEach((audio) => void audio.play().catch(() => undefined));
    setBlocked(false);
  }, []);
  return { blocked, onBlocked, unblock };
}
