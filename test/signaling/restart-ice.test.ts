import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../sfu';
import { LessonSession } from '../../signaling';
import {
  joinMemory,
  memoryParticipant,
  type MemoryParticipant,
} from '../helpers/memoryParticipant';

interface TransportAnswer {
  id: string;
  iceParameters: { usernameFragment: string; password: string };
}

describe('restartIce: new ICE credentials for the caller’s own transport only', () => {
  let pool: WorkerPool;
  let session: LessonSession;

  beforeEach(async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    session = await LessonSession.create({ id: 'restart-ice', pool });
  });
  afterEach(async () => {
    session.close();
    await pool.close();
  });

  async function transportOf(member: MemoryParticipant): Promise<TransportAnswer> {
    const answer = await member.request('createTransport', { direction: 'recv' });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.data as TransportAnswer;
  }

  it('answers new ICE parameters for the caller’s transport', async () => {
    const classroom = await joinMemory(session, 'classroom', 'CM2 B');
    const transport = await transportOf(classroom);
    const answer = await classroom.request('restartIce', { transportId: transport.id });
    expect(answer.ok).toBe(true);
    const { iceParameters } = (
      answer as { data: { iceParameters: TransportAnswer['iceParameters'] } }
    ).data;
    expect(iceParameters.usernameFragment).toMatch(/.+/);
    expect(iceParameters.usernameFragment).not.toBe(transport.iceParameters.usernameFragment);
    expect(iceParameters.password).not.toBe(transport.iceParameters.password);
  });

  it('refuses another participant’s transport (not_found), leaving it untouched', async () => {
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const inspector = await joinMemory(session, 'inspector', 'IEN');
    const tutorTransport = await transportOf(tutor);
    expect(await inspector.request('restartIce', { transportId: tutorTransport.id })).toMatchObject(
      {
        ok: false,
        error: { code: 'not_found' },
      },
    );
    // The tutor's own restart still works: the refused attempt changed nothing of it.
    expect((await tutor.request('restartIce', { transportId: tutorTransport.id })).ok).toBe(true);
  });

  it('refuses before joining (conflict)', async () => {
    const early = memoryParticipant(session, 'classroom', 'CM1');
    expect(
      await early.request('restartIce', { transportId: '00000000-0000-0000-0000-000000000000' }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
