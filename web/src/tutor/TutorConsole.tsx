import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardPanel } from '../lesson/BoardPanel';
import { LanguageSwitch } from '../lesson/LanguageSwitch';
import { LessonControls } from '../lesson/LessonControls';
import { MediaErrorBanner } from '../lesson/MediaErrorBanner';
import { PupilsAtHome } from '../lesson/PupilsAtHome';
import { RemoteAudio } from '../lesson/RemoteAudio';
import { useLessonState } from '../lesson/hooks';
import type { LessonClient } from '../lesson/LessonClient';
import type { PlanClient } from '../lesson/lessonPlan';
import { ClassGrid } from './ClassGrid';
import { HandoverNote } from './HandoverNote';
import { LessonPlanPanel } from './LessonPlanPanel';
import { OwnLinkNotice } from './OwnLinkNotice';
import { RaisedHands } from './RaisedHands';

/**
 * The tutor's console: the classes large with one spotlighted, the lesson
 * plan with its clock and push buttons beside, the board, and after the
 * lesson the handover note for the classroom teacher.
 */
export function TutorConsole({ client, plans }: { client: LessonClient; plans: PlanClient }) {
  const { t } = useTranslation();
  const state = useLessonState(client);
  const [ended, setEnded] = useState(false);

  return (
    <main className="tutor" data-testid="lesson-room" data-role="tutor">
      <header className="lesson-header">
        <h1 className="title">{t('tutor.title', { name: state.self?.displayName ?? '' })}</h1>
        <RaisedHands client={client} />
        <LanguageSwitch />
      </header>
      <OwnLinkNotice client={client} />
      <section className="tutor-classes" aria-label={t('tutor.classes')}>
        <ClassGrid client={client} />
        <PupilsAtHome client={client} />
      </section>
      <aside className="tutor-side">
        <LessonPlanPanel client={client} plans={plans} />
        <section className="tutor-board" aria-label={t('board.title')}>
          <BoardPanel client={client} compact />
        </section>
      </aside>
      <footer className="tutor-footer">
        <MediaErrorBanner client={client} />
        <LessonControls client={client} state={state} />
        <button type="button" className="big-button" onClick={() => setEnded(true)}>
          {t('tutor.endLesson')}
        </button>
      </footer>
      {ended && <HandoverNote plans={plans} onClose={() => setEnded(false)} />}
      <RemoteAudio client={client} />
    </main>
  );
}
