import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PupilClaims, RunningServer } from '../../signaling';
import type { Role } from '../../signaling/protocol';
import { opusParameters, vp8SimulcastParameters } from '../helpers/rtp';
import { startTestServer } from '../helpers/server';
import { connectClient, type TestClient } from '../helpers/socketClient';

/**
 * A pupil at home (issue 13, item 1) in a lesson with real mediasoup: it sends nothing until
 * given the floor, its microphone is closed on the server when the floor is taken back, and
 * neither its media nor its presence reaches another class.
 */
describe('a pupil at home in the lesson', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  interface Joined {
    client: TestClient;
    self: { participantId: string };
    capabilities: string[];
  }

  async function joined(
    sessionId: string,
    role: Role,
    name: string,
    extra: { subject?: string; pupil?: PupilClaims } = {},
  ): Promise<Joined> {
    const token = await server.tokens.mint({ sessionId, role, displayName: name, ...extra });
    const client = await connectClient(server, role, name, { sessionId, token });
    const caps = await client.request('getRouterRtpCapabilities', {});
    const rtpCapabilities = (caps as { data: { rtpCapabilities: unknown } }).data.rtpCapabilities;
    const join = await client.request('joinSession', { rtpCapabilities });
    if (!join.ok) throw new Error(`join failed: ${JSON.stringify(join)}`);
    const data = join.data as { self: { participantId: string }; capabilities: string[] };
    return { client, self: data.self, capabilities: data.capabilities };
  }

  const pupilOf = (classId: string, cameraAllowed = false): PupilClaims => ({
    classId,
    className: 'CM1 Jaurès',
    linkId: `link-${classId}`,
    cameraAllowed,
  });

  function codeOf(response: { ok: boolean; error?: { code: string } }): string {
    return response.ok ? 'ok' : response.error!.code;
  }

  async function sendTransport(client: TestClient): Promise<string> {
    const answer = await client.request('createTransport', { direction: 'send' });
    expect(codeOf(answer)).toBe('ok');
    return (answer as { data: { id: string } }).data.id;
  }

  const microphone = (transportId: string) => ({
    transportId,
    kind: 'audio',
    source: 'microphone',
    rtpParameters: opusParameters(4242),
  });

  /** A lesson: the tutor, the pupil's class (class-a), another class (class-b), the pupil. */
  async function lesson(sessionId: string, cameraAllowed = false) {
    const tutor = await joined(sessionId, 'tutor', 'Emily');
    const ownClass = await joined(sessionId, 'classroom', 'CM1 Jaurès', { subject: 'class-a' });
    const otherClass = await joined(sessionId, 'classroom', 'CM2 Ferry', { subject: 'class-b' });
    const pupil = await joined(sessionId, 'pupil', 'Léa', {
      subject: 'pupil:link-a',
      pupil: pupilOf('class-a', cameraAllowed),
    });
    return { tutor, ownClass, otherClass, pupil };
  }

  async function producerIds(sessionId: string): Promise<string[]> {
    const room = await (await server.registry.open(sessionId)).mediaRoom();
    return room.producers().map((producer) => producer.producerId);
  }

  it('refuses the microphone before a grant (forbidden), accepts it after, closes it when the grant is withdrawn', async () => {
    const { tutor, ownClass, otherClass, pupil } = await lesson('pupil-grant');
    expect(pupil.capabilities).not.toContain('produceMicrophone');
    const transportId = await sendTransport(pupil.client);
    expect(codeOf(await pupil.client.request('produce', microphone(transportId)))).toBe(
      'forbidden',
    );

    const granted = pupil.client.next('capabilitiesChanged');
    const grant = await tutor.client.request('grantPupil', {
      participantId: pupil.self.participantId,
      grant: 'microphone',
      granted: true,
    });
    expect(grant).toMatchObject({ ok: true, data: { microphone: true, drawing: false } });
    expect(await granted).toMatchObject({
      capabilities: expect.arrayContaining(['produceMicrophone']),
    });
    const produced = await pupil.client.request('produce', microphone(transportId));
    expect(codeOf(produced)).toBe('ok');
    const producerId = (produced as { data: { producerId: string } }).data.producerId;
    expect(await producerIds('pupil-grant')).toContain(producerId);

    // The pupil's own class takes the floor back: the producer is closed on the server.
    const closedForTutor = tutor.client.next('producerClosed');
    const withdrawn = await ownClass.client.request('grantPupil', {
      participantId: pupil.self.participantId,
      grant: 'microphone',
      granted: false,
    });
    expect(withdrawn).toMatchObject({ ok: true, data: { microphone: false } });
    expect(await closedForTutor).toEqual({ producerId });
    expect(await producerIds('pupil-grant')).not.toContain(producerId);
    expect(codeOf(await pupil.client.request('produce', microphone(transportId)))).toBe(
      'forbidden',
    );
    // Another class may not grant: to it the pupil does not exist.
    expect(
      codeOf(
        await otherClass.client.request('grantPupil', {
          participantId: pupil.self.participantId,
          grant: 'microphone',
          granted: true,
        }),
      ),
    ).toBe('not_found');
    for (const joinedClient of [tutor, ownClass, otherClass, pupil]) joinedClient.client.close();
  });

  it("keeps the pupil's media and presence from another class (consume refused, no notifications)", async () => {
    const { tutor, ownClass, otherClass, pupil } = await lesson('pupil-audience');
    await tutor.client.request('grantPupil', {
      participantId: pupil.self.participantId,
      grant: 'microphone',
      granted: true,
    });
    const tutorHears = tutor.client.next('producerAdded');
    const classHears = ownClass.client.next('producerAdded');
    const transportId = await sendTransport(pupil.client);
    const produced = await pupil.client.request('produce', microphone(transportId));
    const producerId = (produced as { data: { producerId: string } }).data.producerId;
    expect(await tutorHears).toMatchObject({ producerId, participantId: pupil.self.participantId });
    expect(await classHears).toMatchObject({ producerId });

    for (const viewer of [tutor, ownClass, otherClass]) {
      const recv = await viewer.client.request('createTransport', { direction: 'recv' });
      const recvId = (recv as { data: { id: string } }).data.id;
      const consumed = await viewer.client.request('consume', { transportId: recvId, producerId });
      expect(codeOf(consumed)).toBe(viewer === otherClass ? 'not_found' : 'ok');
    }
    // The other class never heard of the pupil, on any channel.
    const aboutPupil = otherClass.client.received.filter(([, payload]) =>
      JSON.stringify(payload).includes(pupil.self.participantId),
    );
    expect(aboutPupil).toEqual([]);
    // And the pupil sees the tutor and its own class, not the other class.
    const joins = pupil.client.received.filter(([name]) => name === 'participantJoined');
    expect(JSON.stringify(joins)).not.toContain(otherClass.self.participantId);
    for (const joinedClient of [tutor, ownClass, otherClass, pupil]) joinedClient.client.close();
  });

  it('tells the tutor which class the pupil belongs to, and no other class of the pupil at all', async () => {
    const tutor = await joined('pupil-roster', 'tutor', 'Emily');
    const otherClass = await joined('pupil-roster', 'classroom', 'CM2 Ferry', {
      subject: 'class-b',
    });
    const arrived = tutor.client.next('participantJoined');
    const pupil = await joined('pupil-roster', 'pupil', 'Léa', { pupil: pupilOf('class-a') });
    expect(await arrived).toEqual({
      participantId: pupil.self.participantId,
      role: 'pupil',
      displayName: 'Léa',
      className: 'CM1 Jaurès',
    });
    expect(JSON.stringify(otherClass.client.received)).not.toContain(pupil.self.participantId);
    for (const joinedClient of [tutor, otherClass, pupil]) joinedClient.client.close();
  });

  it('refuses the camera unless the link allows it (forbidden)', async () => {
    const camera = (transportId: string) => ({
      transportId,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(5151),
    });
    const without = await joined('pupil-camera', 'pupil', 'Léa', { pupil: pupilOf('class-a') });
    expect(
      codeOf(await without.client.request('produce', camera(await sendTransport(without.client)))),
    ).toBe('forbidden');
    const allowed = await joined('pupil-camera', 'pupil', 'T. M.', {
      subject: 'pupil:other',
      pupil: { ...pupilOf('class-a', true), linkId: 'other' },
    });
    expect(allowed.capabilities).toContain('produceCamera');
    expect(
      codeOf(await allowed.client.request('produce', camera(await sendTransport(allowed.client)))),
    ).toBe('ok');
    without.client.close();
    allowed.client.close();
  });

  it('lets the pupil draw only while allowed (forbidden before)', async () => {
    const tutor = await joined('pupil-draw', 'tutor', 'Emily');
    const pupil = await joined('pupil-draw', 'pupil', 'Léa', { pupil: pupilOf('class-a') });
    const update = { update: 'AAA=' };
    expect(codeOf(await pupil.client.request('updateBoard', update))).toBe('forbidden');
    await tutor.client.request('grantPupil', {
      participantId: pupil.self.participantId,
      grant: 'drawing',
      granted: true,
    });
    expect(codeOf(await pupil.client.request('updateBoard', update))).not.toBe('forbidden');
    tutor.client.close();
    pupil.client.close();
  });
});
