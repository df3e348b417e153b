import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../sfu';
import { LessonSession } from '../../signaling';
import { memoryParticipant } from '../helpers/memoryParticipant';

interface RouterDump {
  transportIds: string[];
}

describe('a participant is in one state, moved only by its LessonSession', () => {
  let pool: WorkerPool;
  let session: LessonSession;

  beforeEach(async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    session = await LessonSession.create({ id: 'lifecycle', pool });
  });
  afterEach(async () => {
    session.close();
    await pool.close();
  });

  it('goes connected → joined → left, and a join after leaving is refused (conflict): no ghost', async () => {
    const room = await session.mediaRoom();
    const classroom = memoryParticipant(session, 'classroom', 'CM2 B');
    expect(session.stateOf(classroom.participant)).toBe('connected');
    expect(
      (await classroom.request('joinSession', { rtpCapabilities: room.rtpCapabilities })).ok,
    ).toBe(true);
    expect(session.stateOf(classroom.participant)).toBe('joined');
    expect((await classroom.request('createTransport', { direction: 'recv' })).ok).toBe(true);

    expect((await classroom.request('leaveSession', {})).ok).toBe(true);
    expect(session.stateOf(classroom.participant)).toBe('left');
    const rejoin = await classroom.request('joinSession', {
      rtpCapabilities: room.rtpCapabilities,
    });
    expect(rejoin).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(session.size).toBe(0);
    expect(room.hasPeer(classroom.participant.id)).toBe(false);
    expect(((await room.dump()) as RouterDump).transportIds).toEqual([]);
  });

  it('joins once when asked twice at once (conflict for the second)', async () => {
    const room = await session.mediaRoom();
    const tutor = memoryParticipant(session, 'tutor', 'Emily');
    const answers = await Promise.all(
      [1, 2].map(() => tutor.request('joinSession', { rtpCapabilities: room.rtpCapabilities })),
    );
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code)).sort()).toEqual([
      'conflict',
      'ok',
    ]);
  });

  it('does not join a participant that left while the media room was awaited', async () => {
    const room = await session.mediaRoom();
    const classroom = memoryParticipant(session, 'classroom', 'CM2 B');
    const join = classroom.request('joinSession', { rtpCapabilities: room.rtpCapabilities });
    session.leave(classroom.participant);
    expect(await join).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(room.hasPeer(classroom.participant.id)).toBe(false);
    expect(session.size).toBe(0);
  });
});
