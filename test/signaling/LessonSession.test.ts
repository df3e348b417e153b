import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../sfu';
import { LessonSession } from '../../signaling';
import { opusParameters, vp8SimulcastParameters } from '../helpers/rtp';
import { joinMemory, type MemoryParticipant } from '../helpers/memoryParticipant';

const QUALITY = {
  sendBitrateKbps: 800,
  recvBitrateKbps: 1200,
  packetLossPercent: 7,
  roundTripMs: 80,
  freezeCount: 2,
};

describe('LessonSession with a real MediaRoom: what each participant learns', () => {
  let pool: WorkerPool;
  let session: LessonSession;

  beforeEach(async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    session = await LessonSession.create({ id: 'unit', pool });
  });
  afterEach(async () => {
    session.close();
    await pool.close();
  });

  async function produce(
    member: MemoryParticipant,
    source: 'camera' | 'microphone',
    ssrc: number,
  ): Promise<string> {
    const transport = await member.request('createTransport', { direction: 'send' });
    if (!transport.ok) throw new Error(transport.error.message);
    const { id } = transport.data as { id: string };
    const rtpParameters = source === 'camera' ? vp8SimulcastParameters(ssrc) : opusParameters(ssrc);
    const kind = source === 'camera' ? 'video' : 'audio';
    const response = await member.request('produce', {
      transportId: id,
      kind,
      source,
      rtpParameters,
    });
    if (!response.ok) throw new Error(response.error.message);
    return (response.data as { producerId: string }).producerId;
  }

  function mentions(member: MemoryParticipant, who: MemoryParticipant): boolean {
    return (
      JSON.stringify(member.inbox).includes(who.participant.id) ||
      JSON.stringify(member.inbox).includes(who.participant.displayName)
    );
  }

  it('keeps the inspector out of every roster and notification, while the inspector sees everyone', async () => {
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const inspector = await joinMemory(session, 'inspector', 'IEN Dupont');
    const classroom = await joinMemory(session, 'classroom', 'CM2 B');
    await produce(tutor, 'camera', 1000);
    await produce(classroom, 'microphone', 2000);

    expect(session.participantsVisibleTo(tutor.participant).map((p) => p.displayName)).toEqual([
      'CM2 B',
    ]);
    expect(session.participantsVisibleTo(classroom.participant).map((p) => p.displayName)).toEqual([
      'Emily',
    ]);
    expect(
      session
        .participantsVisibleTo(inspector.participant)
        .map((p) => p.displayName)
        .sort(),
    ).toEqual(['CM2 B', 'Emily']);
    // The inspector was told of the producers created after it joined.
    expect(inspector.inbox.filter(([name]) => name === 'producerAdded')).toHaveLength(2);

    await session.leave(inspector.participant);
    expect(mentions(tutor, inspector)).toBe(false);
    expect(mentions(classroom, inspector)).toBe(false);
    // Dynacast may meanwhile tell the tutor its unwatched camera may stop: about itself only.
    const aboutOthers = tutor.inbox.filter(([name]) => name !== 'producerLayersWanted');
    expect(aboutOthers.map(([name]) => name)).toEqual(['participantJoined', 'producerAdded']);
  });

  it('shows raised hands and classroom signals to the tutor and observers, not to other classrooms', async () => {
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const inspector = await joinMemory(session, 'inspector', 'IEN');
    const classA = await joinMemory(session, 'classroom', 'CM2 B');
    const classB = await joinMemory(session, 'classroom', 'CM1 A');
    expect((await classA.request('raiseHand', { raised: true })).ok).toBe(true);
    expect((await classA.request('sendClassroomSignal', { signal: 'cantHear' })).ok).toBe(true);
    const hand = ['handRaised', { participantId: classA.participant.id, raised: true }];
    expect(tutor.inbox).toContainEqual(hand);
    expect(inspector.inbox).toContainEqual(hand);
    expect(
      classB.inbox.some(([name]) => name === 'handRaised' || name === 'classroomSignalled'),
    ).toBe(false);
    expect(session.raisedHandsVisibleTo(tutor.participant)).toEqual([classA.participant.id]);
    // A tutor who rejoins sees the hand still up.
    const rejoined = await joinMemory(session, 'tutor', 'Emily again');
    expect(session.raisedHandsVisibleTo(rejoined.participant)).toEqual([classA.participant.id]);
  });

  it('relays a classroom’s quality to the tutor but never an inspector’s, and records only visible ones', async () => {
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const inspector = await joinMemory(session, 'inspector', 'IEN');
    const classroom = await joinMemory(session, 'classroom', 'CM2 B');
    const recorded: string[] = [];
    session.on('qualityReported', (participant) => recorded.push(participant.role));
    await classroom.request('reportQuality', QUALITY);
    await inspector.request('reportQuality', QUALITY);
    expect(tutor.inbox).toContainEqual([
      'participantQualityChanged',
      { participantId: classroom.participant.id, ...QUALITY, level: 'poor' },
    ]);
    expect(mentions(tutor, inspector)).toBe(false);
    expect(mentions(classroom, inspector)).toBe(false);
    expect(recorded).toEqual(['classroom']);
  });

  it('lets the tutor mute a classroom’s microphone on the server', async () => {
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const classroom = await joinMemory(session, 'classroom', 'CM2 B');
    const micId = await produce(classroom, 'microphone', 3000);
    expect(
      (
        await tutor.request('muteParticipant', {
          participantId: classroom.participant.id,
          muted: true,
        })
      ).ok,
    ).toBe(true);
    const room = await session.mediaRoom();
    expect(room.producers().find((p) => p.producerId === micId)?.paused).toBe(true);
    expect(classroom.inbox).toContainEqual(['mutedByTutor', { muted: true }]);
    expect(tutor.inbox).toContainEqual(['producerPaused', { producerId: micId }]);
  });

  it('does not let the tutor find or mute a hidden participant (not_found)', async () => {
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const inspector = await joinMemory(session, 'inspector', 'IEN');
    expect(
      await tutor.request('muteParticipant', {
        participantId: inspector.participant.id,
        muted: true,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(inspector.inbox.some(([name]) => name === 'mutedByTutor')).toBe(false);
  });

  it('places pushed flashcards on the board for everyone and relays audio to the others', async () => {
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const classroom = await joinMemory(session, 'classroom', 'CM2 B');
    await tutor.request('pushContent', { content: { type: 'flashcard', word: 'rabbit' } });
    await tutor.request('pushContent', {
      content: { type: 'audio', materialId: 'material-song', title: 'Hello song' },
    });
    // Protocol 2: content names a material by id; an address is refused.
    const byUrl = await tutor.request('pushContent', {
      content: { type: 'image', url: 'https://tracker.example/a.png', title: 'x' },
    });
    expect(byUrl).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(classroom.inbox.map(([name]) => name)).toEqual([
      'boardUpdated',
      'contentPushed',
      'contentPushed',
    ]);
    expect(tutor.inbox.map(([name]) => name)).toContain('boardUpdated');
    expect(Buffer.from(session.board.snapshot()).toString('latin1')).toContain('rabbit');
  });
});

describe('LessonSession when its mediasoup worker dies', () => {
  it('rebuilds the media room on a live worker and tells every participant to reconnect', async () => {
    const pool = await WorkerPool.create({ numWorkers: 2, listen: { ip: '127.0.0.1' } });
    const session = await LessonSession.create({ id: 'crash', pool });
    try {
      const tutor = await joinMemory(session, 'tutor', 'Emily');
      const classroom = await joinMemory(session, 'classroom', 'CM2 B');
      const before = await session.mediaRoom();
      const rebuilt = session.next('mediaRebuilt');
      const victim = pool.workers().find((w) => w.index === before.workerIndex);
      process.kill(victim!.worker.pid, 'SIGKILL');
      const [workerIndex] = await rebuilt;
      expect(workerIndex).not.toBe(before.workerIndex);
      const after = await session.mediaRoom();
      expect(after).not.toBe(before);
      expect(after.closed).toBe(false);
      for (const member of [tutor, classroom]) {
        expect(member.inbox).toContainEqual(['mediaReset', { reason: 'media server restarted' }]);
        // The client's answer to mediaReset: join again, on the new room.
        expect(
          (await member.request('joinSession', { rtpCapabilities: after.rtpCapabilities })).ok,
        ).toBe(true);
      }
      expect(session.participantsVisibleTo(tutor.participant).map((p) => p.displayName)).toEqual([
        'CM2 B',
      ]);
    } finally {
      session.close();
      await pool.close();
    }
  });
});
