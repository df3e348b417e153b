import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../lesson/Icon';
import { LanguageSwitch } from '../lesson/LanguageSwitch';
import { useActivityState, useLessonState } from '../lesson/hooks';
import type { LessonClient } from '../lesson/LessonClient';

const SIGNAL_ACK_MS = 4_000;

/** Big touch targets only: raise hand, "we can't hear / see you", microphone. */
export function ClassroomControls({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const activity = useActivityState(client);
  const [sent, setSent] = useState<string | null>(null);
  const mic = state.localSources.microphone;

  const signal = (kind: 'cantHear' | 'cantSee') => {
    void client.activity.sendSignal(kind).then(() => {
      setSent(kind);
      setTimeout(() => setSent(null), SIGNAL_ACK_MS);
    });
  };

  return (
    <nav className="classroom-controls" aria-label={t('classroom.controls')}>
      <button
        type="button"
        className={activity.ownHandRaised ? 'huge-button active' : 'huge-button'}
        aria-pressed={activity.ownHandRaised}
        data-testid="raise-hand"
        onClick={() => void client.activity.raiseHand(!activity.ownHandRaised)}
      >
        <Icon name="hand" />{' '}
        {activity.ownHandRaised ? t('classroom.lowerHand') : t('classroom.raiseHand')}
      </button>
      <button type="button" className="huge-button" onClick={() => signal('cantHear')}>
        <Icon name="ear" /> {t('classroom.cantHear')}
      </button>
      <button type="button" className="huge-button" onClick={() => signal('cantSee')}>
        <Icon name="eye" /> {t('classroom.cantSee')}
      </button>
      {mic ? (
        <button
          type="button"
          className={mic.paused ? 'huge-button muted' : 'huge-button'}
          onClick={() => void client.setSourceEnabled('microphone', mic.paused)}
        >
          <Icon name={mic.paused ? 'micOff' : 'mic'} />{' '}
          {mic.paused ? t('controls.unmuteMic') : t('controls.muteMic')}
        </button>
      ) : (
        state.phase === 'reconnecting' && (
          // Kept in place while reconnecting, so the board does not jump under the children's pens.
          <button type="button" className="huge-button" disabled>
            <Icon name="mic" /> {t('controls.muteMic')}
          </button>
        )
      )}
      <FullscreenToggle />
      <LanguageSwitch />
      <p className="signal-ack" role="status" aria-live="polite">
        {sent ? t('classroom.signalSent') : ''}
      </p>
    </nav>
  );
}

/** Whiteboards run the lesson full screen; entering it needs a touch, so the teacher gets a button. */
function FullscreenToggle() {
  const { t } = useTranslation();
  const [fullscreen, setFullscreen] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const update = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  if (!document.fullscreenEnabled) return null;
  const toggle = () =>
    void (
      fullscreen ? document.exitFullscreen() : document.documentElement.requestFullscreen()
    ).catch(() => undefined);
  return (
    <button type="button" className="small-button" onClick={toggle}>
      {fullscreen ? t('classroom.exitFullscreen') : t('classroom.fullscreen')}
    </button>
  );
}
