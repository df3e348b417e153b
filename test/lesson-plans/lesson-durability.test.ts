import { afterEach, describe, expect, it } from 'vitest';
import type { PlanningStore } from '../../lesson-plans/index';
import {
  BOARD_SNAPSHOT_RETENTION_HOURS,
  MAX_BOARD_SNAPSHOT_BYTES,
  openPlanningStore,
} from '../../lesson-plans/index';
import { freshStoreLocation, storeKind } from '../helpers/planningStore';
import { openTown } from './calendar-fixture';

const HOUR_MS = 60 * 60 * 1000;

/** A store with one planned lesson, and a clock the test moves. */
async function townWithLesson(clock: { now: Date }) {
  const store = await openTown([{ id: 'lille', zone: 'B' }], () => clock.now);
  const created = await store.createSlot({
    id: 'weekly',
    termId: 'Y2',
    tutorId: 'tutor',
    classIds: ['lille-cm1'],
    weekday: 1,
    startTime: '10:30',
  });
  if (!created.ok) throw new Error(created.error.message);
  return { store, lesson: created.value.sessions[0]! };
}

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

describe(`board snapshots in the planning store (${storeKind()})`, () => {
  let store: PlanningStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('keeps the last snapshot of a planned lesson, byte for byte, replacing the previous one', async () => {
    const clock = { now: new Date('2026-11-28T10:00:00Z') };
    const town = await townWithLesson(clock);
    store = town.store;
    expect(await store.loadBoardSnapshot(town.lesson.id)).toEqual({ ok: true, value: null });

    expect((await store.saveBoardSnapshot(town.lesson.id, bytes(1, 2, 3))).ok).toBe(true);
    const large = new Uint8Array(300_000).map((_, i) => i % 251);
    clock.now = new Date(clock.now.getTime() + 3_000);
    expect((await store.saveBoardSnapshot(town.lesson.id, large)).ok).toBe(true);

    const loaded = await store.loadBoardSnapshot(town.lesson.id);
    if (!loaded.ok || !loaded.value) throw new Error('snapshot expected');
    expect(loaded.value.state).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(loaded.value.state).equals(Buffer.from(large))).toBe(true);
    expect(loaded.value.savedAt).toBe('2026-11-28T10:00:03.000Z');
  });

  it('answers not_found for a lesson off the timetable, and refuses an oversized snapshot', async () => {
    const clock = { now: new Date('2026-11-28T10:00:00Z') };
    const town = await townWithLesson(clock);
    store = town.store;
    expect(await store.saveBoardSnapshot('demo-lesson', bytes(1))).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await store.loadBoardSnapshot('demo-lesson')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const oversized = new Uint8Array(MAX_BOARD_SNAPSHOT_BYTES + 1);
    expect(await store.saveBoardSnapshot(town.lesson.id, oversized)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await store.loadBoardSnapshot(town.lesson.id)).toEqual({ ok: true, value: null });
  });

  it(`deletes a snapshot ${BOARD_SNAPSHOT_RETENTION_HOURS} h after the lesson's end, not before`, async () => {
    const clock = { now: new Date('2026-11-28T10:00:00Z') };
    const town = await townWithLesson(clock);
    store = town.store;
    // Saved during the lesson: kept until 24 h after its planned end.
    clock.now = new Date(town.lesson.startsAt);
    expect((await store.saveBoardSnapshot(town.lesson.id, bytes(7))).ok).toBe(true);
    const end = Date.parse(town.lesson.endsAt);

    clock.now = new Date(end + BOARD_SNAPSHOT_RETENTION_HOURS * HOUR_MS - 1_000);
    expect(await store.deleteExpiredBoardSnapshots()).toBe(0);
    expect((await store.loadBoardSnapshot(town.lesson.id)).ok).toBe(true);

    clock.now = new Date(end + BOARD_SNAPSHOT_RETENTION_HOURS * HOUR_MS + 1_000);
    // Past its retention it is no longer handed out, even before the sweep runs.
    expect(await store.loadBoardSnapshot(town.lesson.id)).toEqual({ ok: true, value: null });
    expect(await store.deleteExpiredBoardSnapshots()).toBe(1);
    expect(await store.deleteExpiredBoardSnapshots()).toBe(0);
  });

  it('survives closing and reopening the store (a restarted server reads what the last run wrote)', async () => {
    const location = await freshStoreLocation({ persistent: true });
    try {
      const clock = { now: new Date('2026-11-28T10:00:00Z') };
      const first = await openPlanningStore({ ...location.where, now: () => clock.now });
      await seedLesson(first);
      const [lesson] = await first.listSessions({});
      expect((await first.saveBoardSnapshot(lesson!.id, bytes(9, 8, 7))).ok).toBe(true);
      await first.close();
      const second = await openPlanningStore({ ...location.where, now: () => clock.now });
      const loaded = await second.loadBoardSnapshot(lesson!.id);
      await second.close();
      expect(loaded.ok && loaded.value && [...loaded.value.state]).toEqual([9, 8, 7]);
    } finally {
      await location.drop();
    }
  });
});

async function seedLesson(store: PlanningStore): Promise<void> {
  await store.createSchool({
    id: 's',
    name: 'École',
    town: 'Ville',
    academie: 'Créteil',
    holidayZone: 'C',
  });
  await store.createClass({
    id: 'c',
    schoolId: 's',
    name: 'CM1',
    level: 'CM1',
    teacherId: 't',
    teacherName: 'Mme X',
    whiteboardEndpoint: 'w',
  });
  await store.createTutor({ id: 'tutor', name: 'Emily', timeZone: 'Europe/London' });
  await store.createSchoolYear({ id: 'Y', startDate: '2026-09-01', endDate: '2027-07-03' }, [
    { id: 'T', schoolYearId: 'Y', name: 'T1', startDate: '2026-11-01', endDate: '2026-12-18' },
  ]);
  const created = await store.createSlot({
    id: 'weekly',
    termId: 'T',
    tutorId: 'tutor',
    classIds: ['c'],
    weekday: 1,
    startTime: '10:30',
  });
  if (!created.ok) throw new Error(created.error.message);
}

describe(`stays left open by a dead process (${storeKind()})`, () => {
  let store: PlanningStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('closes only the stays not heard of since the cutoff, at their last heartbeat', async () => {
    const clock = { now: new Date('2026-11-28T10:00:00Z') };
    const town = await townWithLesson(clock);
    store = town.store;
    const sessionId = town.lesson.id;
    const open = async (displayName: string, at: string) => {
      const opened = await store!.openAttendance({
        sessionId,
        role: 'classroom',
        displayName,
        joinedAt: at,
      });
      if (!opened.ok) throw new Error(opened.error.message);
      return opened.value.attendanceId;
    };
    const dead = await open('node A (killed)', '2026-12-07T09:30:00.000Z');
    const live = await open('node B (alive)', '2026-12-07T09:30:00.000Z');
    await store.markAttendancePresent([dead], '2026-12-07T09:31:00.000Z');
    await store.markAttendancePresent([live], '2026-12-07T09:40:00.000Z');

    expect(await store.closeDanglingAttendance({ seenBefore: '2026-12-07T09:38:00.000Z' })).toBe(1);
    // The live node's heartbeat still moves its stay; the dead one's is closed for good.
    expect(await store.markAttendancePresent([dead, live], '2026-12-07T09:41:00.000Z')).toBe(1);
    const stays = await store.listAttendance(sessionId);
    expect(stays.map((stay) => [stay.displayName, stay.present, stay.leftAt])).toEqual([
      ['node A (killed)', false, '2026-12-07T09:31:00.000Z'],
      ['node B (alive)', true, '2026-12-07T09:41:00.000Z'],
    ]);
  });
});
