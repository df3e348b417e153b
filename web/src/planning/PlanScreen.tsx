import { useTranslation } from 'react-i18next';
import type { SessionState } from '../api/planning';
import { formatDay } from './dates';
import { classNames, tutorName, usePlanning } from './directory';
import { PlanEditor } from './PlanEditor';
import { PlanHistory } from './PlanHistory';
import { PlanView } from './PlanView';
import { PupilLinks } from './PupilLinkPanel';
import { FamilyLinkPanel, RecapPanel } from './RecapPanel';
import { hrefFor } from './routes';
import { StateBadge } from './SessionBlock';
import { useLoad } from './useLoad';

/** The plan of one lesson: editable by tutor, teacher and coordinator; read-only for inspectors. */
export function PlanScreen({ sessionId }: { sessionId: string }) {
  const { t, i18n } = useTranslation();
  const { api, identity, classes, tutors } = usePlanning();
  const loaded = useLoad(sessionId, async () => {
    const [{ session }, { plan }, { materials }] = await Promise.all([
      api.call('getSession', { params: { id: sessionId }, query: {} }),
      api.call('getPlan', { params: { id: sessionId } }),
      api.call('listMaterials'),
    ]);
    return { session, plan, materials };
  });
  const back = identity.role === 'coordinator' ? 'timetable' : 'lessons';
  if (loaded.error) return <p role="alert">{loaded.error.message}</p>;
  if (!loaded.data) return <p role="status">{t('planning.loading')}</p>;
  const { session, plan, materials } = loaded.data;
  const readOnly = identity.role === 'inspector';
  return (
    <div className="plan-screen">
      <a href={hrefFor({ screen: back })}>
        <span aria-hidden="true">← </span>
        {t('planning.plan.back')}
      </a>
      <h1>{t(readOnly ? 'planning.plan.readOnlyHeading' : 'planning.plan.heading')}</h1>
      <p className="plan-session">
        {formatDay(session.display.start.date, i18n.language)}, {session.display.start.time}–
        {session.display.end.time} ({session.display.start.timeZone}) —{' '}
        {classNames(classes, session.classIds)} — {tutorName(tutors, session.tutorId)}{' '}
        <StateBadge state={session.state} />
      </p>
      {readOnly ? (
        <PlanView plan={plan} materials={materials} />
      ) : (
        <PlanEditor sessionId={sessionId} initialPlan={plan} materials={materials} />
      )}
      {readOnly && <PlanHistory sessionId={sessionId} version={plan.version} />}
      <FamilyRecap sessionId={sessionId} state={session.state} classIds={session.classIds} />
      {!readOnly && <PupilLinks session={session} />}
    </div>
  );
}

/** The recap for families: its tutor and teachers publish; teachers and the coordinator issue links. */
function FamilyRecap(props: { sessionId: string; state: SessionState; classIds: string[] }) {
  const { t } = useTranslation();
  const { identity, classes } = usePlanning();
  const publishes = identity.role === 'tutor' || identity.role === 'teacher';
  const linkable = classes.filter(
    (schoolClass) =>
      props.classIds.includes(schoolClass.id) &&
      (identity.role === 'coordinator' || schoolClass.teacherId === identity.subject),
  );
  if (!publishes && linkable.length === 0) return null;
  return (
    <section className="recap-panel" aria-labelledby="recap-h">
      <h2 id="recap-h">{t('planning.recap.heading')}</h2>
      {publishes && <RecapPanel sessionId={props.sessionId} state={props.state} />}
      {linkable.map((schoolClass) => (
        <FamilyLinkPanel key={schoolClass.id} schoolClass={schoolClass} />
      ))}
    </section>
  );
}
