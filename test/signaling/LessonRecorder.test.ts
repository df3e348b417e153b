import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoData, type PlanningStore } from '../../lesson-plans';
import { openTestStore } from '../helpers/planningStore';
import { WorkerPool } from '../../sfu';
import { SessionRegistry, createLogger } from '../../signaling';
import { LessonRecorder } from '../../signaling/planning/LessonRecorder';
import { joinMemory } from '../helpers/memoryParticipant';

const REPORT = {
  sendBitrateKbps: 600,
  recvBitrateKbps: 900,
  packetLossPercent: 1,
  roundTripMs: 40,
  freezeCount: 1,
};

describe('LessonRecorder: attendance and quality of planned lessons, into lesson-plans', () => {
  let pool: WorkerPool;
  let store: PlanningStore;
  let registry: SessionRegistry;

  beforeEach(async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    store = await openTestStore();
    await seedDemoData(store);
    registry = new SessionRegistry({ pool, idleTimeoutMs: 60_000 });
    new LessonRecorder(store, registry, createLogger('silent'));
  });
  afterEach(async () => {
    await registry.close();
    await pool.close();
    await store.close();
  });

  it('records who came, by role and name, and their averaged quality when they leave', async () => {
    const [planned] = await store.listSessions({});
    const session = await registry.open(planned!.id);
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const classroom = await joinMemory(session, 'classroom', 'CM1 Curie');
    await classroom.request('reportQuality', REPORT);
    await classroom.request('reportQuality', { ...REPORT, packetLossPercent: 3 });
    await session.leave(classroom.participant);
    await session.leave(tutor.participant);
    await expect
      .poll(async () =>
        (await store.listAttendance(planned!.id)).map((row) => [row.role, row.displayName]).sort(),
      )
      .toEqual([
        ['classroom', 'CM1 Curie'],
        ['tutor', 'Emily'],
      ]);
    // Attendance rows exist from the join; the quality sample is written as they leave.
    await expect.poll(async () => await store.listQualitySamples(planned!.id)).toHaveLength(1);
    const samples = await store.listQualitySamples(planned!.id);
    expect(samples[0]).toMatchObject({
      role: 'classroom',
      packetLossPct: 2,
      bitrateKbps: 1500,
      freezeCount: 2,
    });
  });

  it('writes attendance at join, keeps it current and flushes quality on each heartbeat', async () => {
    const beating = new SessionRegistry({ pool, idleTimeoutMs: 60_000 });
    const recorder = new LessonRecorder(store, beating, createLogger('silent'), {
      heartbeatMs: 50,
    });
    const [planned] = await store.listSessions({});
    const session = await beating.open(planned!.id);
    const classroom = await joinMemory(session, 'classroom', 'CM1 Curie');
    await expect
      .poll(async () => await store.listAttendance(planned!.id))
      .toMatchObject([{ role: 'classroom', displayName: 'CM1 Curie', present: true }]);
    const joinedAt = (await store.listAttendance(planned!.id))[0]!.joinedAt;
    await expect
      .poll(async () => (await store.listAttendance(planned!.id))[0]!.leftAt > joinedAt)
      .toBe(true);
    await classroom.request('reportQuality', REPORT);
    await expect.poll(async () => (await store.listQualitySamples(planned!.id)).length).toBe(1);
    await recorder.close();
    expect(await store.listAttendance(planned!.id)).toMatchObject([{ present: false }]);
    await beating.close();
  });

  it("closes another node's stays left open by its death at their last heartbeat, never its own", async () => {
    const [planned] = await store.listSessions({});
    const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    const dead = await store.openAttendance({
      sessionId: planned!.id,
      role: 'classroom',
      displayName: 'CM2 (node killed)',
      joinedAt: longAgo,
    });
    if (!dead.ok) throw new Error(dead.error.message);
    const beating = new SessionRegistry({ pool, idleTimeoutMs: 60_000 });
    const recorder = new LessonRecorder(store, beating, createLogger('silent'), {
      heartbeatMs: 50,
    });
    const session = await beating.open(planned!.id);
    await joinMemory(session, 'tutor', 'Emily');
    const stays = async () =>
      (await store.listAttendance(planned!.id)).map((row) => [row.displayName, row.present]);
    await expect.poll(stays).toEqual([
      ['CM2 (node killed)', false],
      ['Emily', true],
    ]);
    // Several heartbeats later its own stay is still open, and the dead one ended where it was.
    const { leftAt } = (await store.listAttendance(planned!.id))[1]!;
    await expect
      .poll(async () => (await store.listAttendance(planned!.id))[1]!.leftAt > leftAt)
      .toBe(true);
    expect(await stays()).toEqual([
      ['CM2 (node killed)', false],
      ['Emily', true],
    ]);
    expect((await store.listAttendance(planned!.id))[0]!.leftAt).toBe(longAgo);
    await recorder.close();
    await beating.close();
  });

  it('ignores lessons that are not in the timetable', async () => {
    const session = await registry.open('ad-hoc-demo');
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    await session.leave(tutor.participant);
    expect(await store.listAttendance('ad-hoc-demo')).toEqual([]);
  });

  it('logs a storage failure instead of stopping the server', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const failing = new SessionRegistry({ pool, idleTimeoutMs: 60_000 });
    new LessonRecorder(store, failing, logger);
    const [planned] = await store.listSessions({});
    const session = await failing.open(planned!.id);
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    await store.close();
    await session.leave(tutor.participant);
    await expect.poll(() => lines.join('')).toContain('could not record the lesson');
    await failing.close();
    store = await openTestStore();
  });
});
