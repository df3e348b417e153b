import { useTranslation } from 'react-i18next';
import { useLessonState } from './hooks';
import type { LessonClient } from './LessonClient';

/** Says clearly why the camera or microphone is not working, with a way to try again. */
export function MediaErrorBanner({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const { mediaError } = useLessonState(client);
  if (!mediaError) return null;
  return (
    <div className="banner warning media-error" role="alert" data-testid="media-error">
      {t(`media.${mediaError}`)}{' '}
      <button type="button" className="small-button" onClick={() => void client.retryMedia()}>
        {t('media.retry')}
      </button>
    </div>
  );
}
