import { FIRST_REMOTE_FRAME_MARK } from './lessonState';

/** How long work waits for a first frame that may never come (nobody sends video yet). */
const FIRST_FRAME_WAIT_MS = 1_500;

/**
 * Runs `work` once the page has painted its first remote video frame
 * (`markFirstRemoteFrame`), or after FIRST_FRAME_WAIT_MS: what can wait
 * (the board's history, quality reports) must not compete with the
 * tutor's first picture for the socket and an old PC's CPU.
 */
export function afterFirstRemoteFrame(work: () => void): void {
  if (performance.getEntriesByName(FIRST_REMOTE_FRAME_MARK).length > 0) return work();
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    work();
  };
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName(FIRST_REMOTE_FRAME_MARK).length > 0) run();
  });
  observer.observe({ type: 'mark' });
  const timer = setTimeout(run, FIRST_FRAME_WAIT_MS);
}
