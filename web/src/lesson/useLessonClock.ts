import { useEffect, useState } from 'react';
import type { PlanActivity } from './lessonPlan';

const TICK_MS = 1_000;

/** A lesson clock the tutor starts and pauses; tells which planned step the lesson is in. */
export function useLessonClock(activities: PlanActivity[]) {
  const [elapsedMs, setElapsedMs] = useState(0);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setElapsedMs(Date.now() - startedAt), TICK_MS);
    return () => clearInterval(timer);
  }, [startedAt]);

  const toggle = () => {
    if (startedAt === null) setStartedAt(Date.now() - elapsedMs);
    else setStartedAt(null);
  };
  const minutes = Math.floor(elapsedMs / 60_000);
  const seconds = Math.floor((elapsedMs % 60_000) / 1000);
  return {
    running: startedAt !== null,
    elapsedMs,
    display: `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`,
    currentStep: stepAt(activities, elapsedMs),
    toggle,
  };
}

function stepAt(activities: PlanActivity[], elapsedMs: number): number {
  let end = 0;
  for (const [index, activity] of activities.entries()) {
    end += activity.minutes * 60_000;
    if (elapsedMs < end) return index;
  }
  return activities.length - 1;
}
