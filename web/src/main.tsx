import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Home } from './Home';
import './i18n';
import { LessonPage } from './lesson/LessonPage';
import './styles.css';

/** Join links look like /lesson/<sessionId>#token=<jwt>: the fragment never reaches any server log. */
function route() {
  const lesson = /^\/lesson\/([^/]+)\/?$/.exec(window.location.pathname);
  if (lesson?.[1]) {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    return <LessonPage sessionId={decodeURIComponent(lesson[1])} token={token} />;
  }
  return <Home />;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode>{route()}</StrictMode>);
