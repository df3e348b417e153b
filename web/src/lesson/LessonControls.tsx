import { useTranslation } from 'react-i18next';
import type { LessonClient, LessonState } from './LessonClient';

/** Microphone, camera, screen share and leave; only what the role can do is offered (the server decides anyway). */
export function LessonControls({ client, state }: { client: LessonClient; state: LessonState }) {
  const { t } = useTranslation();
  const mic = state.localSources.microphone;
  const camera = state.localSources.camera;
  const screen = state.localSources.screen;
  return (
    <nav className="controls" aria-label="controls">
      {mic && (
        <button
          type="button"
          className="big-button"
          onClick={() => void client.setSourceEnabled('microphone', mic.paused)}
        >
          {mic.paused ? t('controls.unmuteMic') : t('controls.muteMic')}
        </button>
      )}
      {camera && (
        <button
          type="button"
          className="big-button"
          onClick={() => void client.setSourceEnabled('camera', camera.paused)}
        >
          {camera.paused ? t('controls.startCamera') : t('controls.stopCamera')}
        </button>
      )}
      {state.self?.role === 'tutor' && (
        <button
          type="button"
          className="big-button"
          onClick={() => void (screen ? client.stopScreenShare() : client.shareScreen())}
        >
          {screen ? t('controls.stopShare') : t('controls.shareScreen')}
        </button>
      )}
      <button type="button" className="big-button leave" onClick={() => client.leave()}>
        {t('controls.leave')}
      </button>
    </nav>
  );
}
