import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { createCredentialsApi, createPlanningApi } from '../api/planning';
import { PlanningContext, loadDirectory, type PlanningContextValue } from './directory';
import { readIdentity, type PlanningIdentity } from './identity';
import { registerPlanningStrings } from './locales';
import { hrefFor, navFor, parseRoute, type PlanningRoute } from './routes';
import { InspectionScreen } from './InspectionScreen';
import { LessonsScreen } from './LessonsScreen';
import { PlanScreen } from './PlanScreen';
import { ReadinessScreen } from './ReadinessScreen';
import { ReportsScreen } from './ReportsScreen';
import { SlotsScreen } from './SlotsScreen';
import { TimetableScreen } from './TimetableScreen';
import { useLoad } from './useLoad';
import { HeldSignInsScreen } from '../signin/HeldSignInsScreen';
import './planning.css';

registerPlanningStrings();

function subscribeHash(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** `/planning#token=<API token>`: the coordinator's, tutors', teachers' and inspectors' planning. */
export default function PlanningApp() {
  const [identity] = useState(() => readIdentity(window.location, window.sessionStorage));
  const { t } = useTranslation();
  useEffect(() => {
    setLanguage(identity?.role === 'tutor' ? 'en' : 'fr');
  }, [identity]);
  if (!identity)
    return (
      <main className="planning">
        <h1>{t('planning.title')}</h1>
        <p role="alert">{t('planning.noToken')}</p>
      </main>
    );
  return <SignedIn identity={identity} />;
}

function SignedIn({ identity }: { identity: PlanningIdentity }) {
  const { t } = useTranslation();
  const api = useMemo(() => createPlanningApi(identity.token), [identity]);
  const credentials = useMemo(() => createCredentialsApi(identity.token), [identity]);
  const directory = useLoad('directory', () => loadDirectory(api));
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  const route = parseRoute(hash, identity.role);
  const context: PlanningContextValue | null = useMemo(
    () => (directory.data ? { api, credentials, identity, ...directory.data } : null),
    [api, credentials, identity, directory.data],
  );
  return (
    <div className="planning">
      <a className="skip-link" href="#planning-main">
        {t('planning.skip')}
      </a>
      <PlanningHeader identity={identity} route={route} />
      <main id="planning-main" tabIndex={-1}>
        {directory.error ? (
          <p role="alert">{t('planning.error', { message: directory.error.message })}</p>
        ) : context ? (
          <PlanningContext.Provider value={context}>
            <Screen route={route} />
          </PlanningContext.Provider>
        ) : (
          <p role="status">{t('planning.loading')}</p>
        )}
      </main>
    </div>
  );
}

function PlanningHeader({ identity, route }: { identity: PlanningIdentity; route: PlanningRoute }) {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'fr' ? 'en' : 'fr';
  return (
    <header className="planning-header">
      <p className="planning-brand">{t('planning.title')}</p>
      <nav aria-label={t('planning.nav.label')}>
        <ul>
          {navFor(identity.role).map((item) => (
            <li key={item.labelKey}>
              <a
                href={hrefFor(item.route)}
                aria-current={item.route.screen === route.screen ? 'page' : undefined}
              >
                {t(item.labelKey)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="planning-user">{t('planning.signedInAs', { name: identity.name })}</p>
      <button type="button" lang={other} onClick={() => setLanguage(other)}>
        {t('planning.language')}
      </button>
    </header>
  );
}

function Screen({ route }: { route: PlanningRoute }) {
  switch (route.screen) {
    case 'timetable':
      return <TimetableScreen />;
    case 'slots':
      return <SlotsScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'readiness':
      return <ReadinessScreen />;
    case 'signins':
      return <HeldSignInsScreen />;
    case 'lessons':
      return <LessonsScreen />;
    case 'plan':
      return <PlanScreen key={route.sessionId} sessionId={route.sessionId} />;
    case 'inspection':
      return <InspectionScreen key={route.sessionId} sessionId={route.sessionId} />;
  }
}
