import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoData, type PlanningStore } from '../../lesson-plans';
import { openTestStore } from '../helpers/planningStore';

describe('closing the attendance a killed node left open (one store, several nodes)', () => {
  let store: PlanningStore;
  let lessons: string[];

  beforeEach(async () => {
    store = await openTestStore();
    await seedDemoData(store);
    lessons = (await store.listSessions({})).slice(0, 2).map((session) => session.id);
  });
  afterEach(() => store.close());

  async function stay(sessionId: string, displayName: string, lastSeenAt: string) {
    const opened = await store.openAttendance({
      sessionId,
      role: 'classroom',
      displayName,
      joinedAt: '2026-12-03T09:00:00.000Z',
    });
    if (!opened.ok) throw new Error(opened.error.message);
    await store.markAttendancePresent([opened.value.attendanceId], lastSeenAt);
  }

  async function present(): Promise<string[]> {
    const rows = await Promise.all(lessons.map((id) => store.listAttendance(id)));
    return rows
      .flat()
      .filter((row) => row.present)
      .map((row) => row.displayName)
      .sort();
  }

  it('closes one lesson’s stays (a take-over), then the stays whose heartbeat stopped (a start)', async () => {
    const [first, second] = lessons as [string, string];
    await stay(first, 'dead node, taken over', '2026-12-03T09:20:00.000Z');
    await stay(second, 'dead node, not rejoined', '2026-12-03T09:20:00.000Z');
    await stay(second, 'live node', '2026-12-03T09:29:50.000Z');

    expect(await store.closeDanglingAttendance({ sessionId: first })).toBe(1);
    expect(await present()).toEqual(['dead node, not rejoined', 'live node']);
    const closed = (await store.listAttendance(first))[0]!;
    expect(closed.leftAt).toBe('2026-12-03T09:20:00.000Z'); // its last heartbeat

    expect(await store.closeDanglingAttendance({ seenBefore: '2026-12-03T09:28:30.000Z' })).toBe(1);
    expect(await present()).toEqual(['live node']);
    expect(await store.closeDanglingAttendance()).toBe(1); // one node: everything left open
    expect(await present()).toEqual([]);
  });
});
