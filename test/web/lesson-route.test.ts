import { describe, expect, it } from 'vitest';
import { lessonRoute } from '../../web/src/lesson/route';

/** The entry (web/src/main.tsx) starts the join before React only where this says so. */
describe('the entry reads a lesson address before anything else loads', () => {
  it('finds the session and the token of a join link, the token from the fragment only', () => {
    const route = lessonRoute(new URL('https://x.test/lesson/s%2F1#token=abc.def.ghi'));
    expect(route).toEqual({ sessionId: 's/1', token: 'abc.def.ghi', baseline: false });
    expect(lessonRoute(new URL('https://x.test/lesson/s1?token=abc'))?.token).toBeNull();
  });

  it('marks the benchmark baseline, which joins from React as before', () => {
    expect(lessonRoute(new URL('https://x.test/lesson/s1?dynacast=0#token=t'))?.baseline).toBe(
      true,
    );
  });

  it('leaves every other page to the app', () => {
    for (const path of ['/', '/planning', '/classroom/c1', '/lesson/', '/lesson/a/b'])
      expect(lessonRoute(new URL(`https://x.test${path}#token=t`))).toBeNull();
  });
});
