import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../signaling';
import { MAX_PARTICIPANTS_BY_ROLE } from '../../signaling/admission';
import type { Role } from '../../signaling/protocol';
import { opusParameters, vp8SimulcastParameters } from '../helpers/rtp';
import { startTestServer } from '../helpers/server';
import { connectClient, refusedConnection, type TestClient } from '../helpers/socketClient';

interface RouterDump {
  transportIds: string[];
  mapProducerIdConsumerIds: Record<string, string[]>;
}

describe('a participant spends only what its role needs; a link lives once per lesson', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function joined(
    role: Role,
    name: string,
    sessionId: string,
    subject?: string,
  ): Promise<TestClient> {
    const token = await server.tokens.mint({ sessionId, role, displayName: name, subject });
    const client = await connectClient(server, role, name, { sessionId, token });
    const caps = await client.request('getRouterRtpCapabilities', {});
    const rtpCapabilities = caps.ok
      ? (caps.data as { rtpCapabilities: unknown }).rtpCapabilities
      : null;
    const join = await client.request('joinSession', { rtpCapabilities });
    expect(join.ok).toBe(true);
    return client;
  }

  async function routerDump(sessionId: string): Promise<RouterDump> {
    const session = await server.registry.open(sessionId);
    return (await (await session.mediaRoom()).dump()) as RouterDump;
  }

  function codeOf(response: { ok: boolean; error?: { code: string } }): string {
    return response.ok ? 'ok' : response.error!.code;
  }

  it('opens one transport per direction, even when asked 25 times at once (conflict)', async () => {
    const classroom = await joined('classroom', 'CM2 B', 'caps-transports');
    for (const direction of ['send', 'recv']) {
      const answers = await Promise.all(
        Array.from({ length: 25 }, () => classroom.request('createTransport', { direction })),
      );
      expect(answers.map(codeOf).sort()).toEqual([...Array(24).fill('conflict'), 'ok']);
    }
    expect((await routerDump('caps-transports')).transportIds).toHaveLength(2);
    classroom.close();
  });

  it('refuses a send transport to an inspector (forbidden)', async () => {
    const inspector = await joined('inspector', 'IEN', 'caps-inspector');
    expect(codeOf(await inspector.request('createTransport', { direction: 'send' }))).toBe(
      'forbidden',
    );
    inspector.close();
  });

  it('sends one producer per source its role allows (conflict, forbidden) and consumes each producer once (conflict)', async () => {
    const classroom = await joined('classroom', 'CM2 B', 'caps-producers');
    const tutor = await joined('tutor', 'Emily', 'caps-producers');
    const send = await classroom.request('createTransport', { direction: 'send' });
    const transportId = (send as { data: { id: string } }).data.id;
    const camera = (ssrc: number) => ({
      transportId,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(ssrc),
    });
    const first = await classroom.request('produce', camera(1000));
    expect(codeOf(first)).toBe('ok');
    expect(codeOf(await classroom.request('produce', camera(2000)))).toBe('conflict');
    expect(codeOf(await classroom.request('produce', { ...camera(3000), source: 'screen' }))).toBe(
      'forbidden',
    );
    const microphone = { transportId, kind: 'audio', source: 'microphone' };
    expect(
      codeOf(
        await classroom.request('produce', { ...microphone, rtpParameters: opusParameters(4000) }),
      ),
    ).toBe('ok');

    const recv = await tutor.request('createTransport', { direction: 'recv' });
    const producerId = (first as { data: { producerId: string } }).data.producerId;
    const consume = { transportId: (recv as { data: { id: string } }).data.id, producerId };
    expect(codeOf(await tutor.request('consume', consume))).toBe('ok');
    expect(codeOf(await tutor.request('consume', consume))).toBe('conflict');
    const dump = await routerDump('caps-producers');
    expect(Object.keys(dump.mapProducerIdConsumerIds)).toHaveLength(2);
    expect(dump.mapProducerIdConsumerIds[producerId]).toHaveLength(1);
    classroom.close();
    tutor.close();
  });

  it('replaces the older connection of the same whiteboard: the tutor sees one class, not two', async () => {
    const sessionId = 'caps-replace';
    const tutor = await joined('tutor', 'Emily', sessionId);
    const first = await joined('classroom', 'CM2 B', sessionId, 'whiteboard-cm2b');
    const replacedNote = first.next('connectionReplaced');
    const firstClosed = new Promise((resolve) => first.socket.once('disconnect', resolve));
    const second = await joined('classroom', 'CM2 B', sessionId, 'whiteboard-cm2b');
    expect(await replacedNote).toMatchObject({ reason: expect.any(String) });
    expect(await firstClosed).toBe('io server disconnect');

    const session = await server.registry.open(sessionId);
    expect(session.size).toBe(2);
    // What the tutor's own roster holds once both notifications reached it: one class.
    const roster = () => {
      const present = new Set<string>();
      for (const [name, payload] of tutor.received) {
        const { participantId } = (payload as { participantId?: string }) ?? {};
        if (name === 'participantJoined' && participantId) present.add(participantId);
        if (name === 'participantLeft' && participantId) present.delete(participantId);
      }
      return present;
    };
    const joinedTwice = () => tutor.received.filter(([name]) => name === 'participantJoined');
    await expect.poll(() => joinedTwice().length).toBe(2);
    expect(tutor.received.some(([name]) => name === 'participantLeft')).toBe(true);
    expect(roster().size).toBe(1);
    tutor.close();
    second.close();
  });

  it(`refuses a connection beyond the lesson's ${MAX_PARTICIPANTS_BY_ROLE.classroom} classrooms and ${MAX_PARTICIPANTS_BY_ROLE.tutor} tutors (unavailable)`, async () => {
    const sessionId = 'caps-full';
    const clients = await Promise.all(
      Array.from({ length: MAX_PARTICIPANTS_BY_ROLE.classroom }, (_, i) =>
        connectClient(server, 'classroom', `Class ${i}`, { sessionId }),
      ),
    );
    expect(await refusedConnection(server, { sessionId, role: 'classroom' })).toBe('unavailable');
    for (let i = 0; i < MAX_PARTICIPANTS_BY_ROLE.tutor; i++)
      clients.push(await connectClient(server, 'tutor', `Tutor ${i}`, { sessionId }));
    expect(await refusedConnection(server, { sessionId, role: 'tutor' })).toBe('unavailable');
    // A whiteboard reloading into a full lesson replaces itself rather than being refused.
    const token = await server.tokens.mint({
      sessionId,
      role: 'classroom',
      displayName: 'Reload',
      subject: 'reloading-board',
    });
    const session = await server.registry.open(sessionId);
    const full = session.size;
    clients[0]!.close();
    await expect.poll(() => session.size).toBe(full - 1);
    const reloaded = await connectClient(server, 'classroom', 'Reload', { sessionId, token });
    const replaced = new Promise((resolve) => reloaded.socket.once('disconnect', resolve));
    const again = await connectClient(server, 'classroom', 'Reload', { sessionId, token });
    expect(await replaced).toBe('io server disconnect');
    expect(again.socket.connected).toBe(true);
    expect(session.size).toBe(full);
    for (const client of [...clients, reloaded, again]) client.close();
  });

  it('leaveSession is final: a joinSession after it is refused (conflict), the socket closes, and nothing is left behind', async () => {
    const sessionId = 'caps-ghost';
    const classroom = await joined('classroom', 'CM2 B', sessionId);
    expect(codeOf(await classroom.request('createTransport', { direction: 'recv' }))).toBe('ok');
    const closed = new Promise((resolve) => classroom.socket.once('disconnect', resolve));
    const caps = (await (await server.registry.open(sessionId)).mediaRoom()).rtpCapabilities;
    const [leave, rejoin] = await Promise.all([
      classroom.request('leaveSession', {}),
      classroom.request('joinSession', { rtpCapabilities: caps }),
    ]);
    expect(codeOf(leave)).toBe('ok');
    expect(codeOf(rejoin)).toBe('conflict');
    await closed;
    const session = await server.registry.open(sessionId);
    expect(session.size).toBe(0);
    expect((await routerDump(sessionId)).transportIds).toEqual([]);
  });
});
