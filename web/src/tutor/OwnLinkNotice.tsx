import { useTranslation } from 'react-i18next';
import { useActivityState, useLessonState } from '../lesson/hooks';
import type { LessonClient } from '../lesson/LessonClient';

/**
 * The tutor's own line, judged like a class's (`signaling/linkState`): when the server pauses
 * her video one way or both, she is told calmly that her voice still carries, so she does not
 * stop the lesson to fix a picture; the notice goes when the line recovers.
 */
export function OwnLinkNotice({ client }: { client: LessonClient }) {
  const { t } = useTranslation();
  const selfId = useLessonState(client).self?.participantId;
  const link = useActivityState(client).links[selfId ?? ''];
  if (!selfId || link?.state !== 'audioOnly' || !link.direction) return null;
  return (
    <p
      className="banner own-link"
      role="status"
      data-testid="own-link"
      data-direction={link.direction}
    >
      {t(`tutor.ownLink.${link.direction}`)}
    </p>
  );
}
