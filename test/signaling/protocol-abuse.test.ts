import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { RunningServer } from '../../signaling';
import {
  PROBE_REQUEST_NAMES,
  PROTOCOL_VERSION,
  REQUEST_NAMES,
  type RequestName,
} from '../../signaling/protocol';
import { opusParameters } from '../helpers/rtp';
import { startTestServer } from '../helpers/server';
import { connectClient, refusedConnection, type TestClient } from '../helpers/socketClient';

const GARBAGE: unknown[] = [
  42,
  'nonsense',
  [1, 2, 3],
  { transportId: { $gt: '' } },
  { unexpected: true, extra: 'x'.repeat(200) },
];

describe('protocol abuse: every bad request gets a clear error and nobody else is affected', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function joined(
    role: 'tutor' | 'classroom' | 'inspector',
    name: string,
    sessionId = 'abuse',
  ): Promise<TestClient> {
    const client = await connectClient(server, role, name, { sessionId });
    const caps = await client.request('getRouterRtpCapabilities', {});
    expect(caps.ok).toBe(true);
    const rtpCapabilities = caps.ok
      ? (caps.data as { rtpCapabilities: unknown }).rtpCapabilities
      : null;
    const join = await client.request('joinSession', { rtpCapabilities });
    expect(join.ok).toBe(true);
    return client;
  }

  describe('connection refused', () => {
    it('without a token (unauthenticated)', async () => {
      expect(await refusedConnection(server, { auth: {} })).toBe('unauthenticated');
    });

    it('with a tampered token (unauthenticated)', async () => {
      const token = await server.tokens.mint({
        sessionId: 'abuse',
        role: 'classroom',
        displayName: 'CM2',
      });
      const [header, payload, signature] = token.split('.');
      const forged = Buffer.from(
        JSON.stringify({
          ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
          role: 'tutor',
        }),
      ).toString('base64url');
      expect(
        await refusedConnection(server, {
          sessionId: 'abuse',
          token: `${header}.${forged}.${signature}`,
        }),
      ).toBe('unauthenticated');
    });

    it('with a token signed by another key (unauthenticated)', async () => {
      const token = await new SignJWT({ sid: 'abuse', role: 'tutor', name: 'Mallory' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('passerelle')
        .setAudience('passerelle:session')
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
      expect(await refusedConnection(server, { sessionId: 'abuse', token })).toBe(
        'unauthenticated',
      );
    });

    it('with an expired token (unauthenticated)', async () => {
      const token = await server.tokens.mint({
        sessionId: 'abuse',
        role: 'classroom',
        displayName: 'CM2',
        ttlSeconds: -10,
      });
      expect(await refusedConnection(server, { sessionId: 'abuse', token })).toBe(
        'unauthenticated',
      );
    });

    it('with a classroom token used for another session (forbidden)', async () => {
      const token = await server.tokens.mint({
        sessionId: 'lesson-a',
        role: 'classroom',
        displayName: 'CM2',
      });
      expect(await refusedConnection(server, { sessionId: 'lesson-b', token })).toBe('forbidden');
    });

    it('with another protocol version (invalid_request)', async () => {
      expect(await refusedConnection(server, { sessionId: 'abuse', protocolVersion: 999 })).toBe(
        'invalid_request',
      );
    });
  });

  it('answers invalid payloads for every request with invalid_request', async () => {
    const tutor = await joined('tutor', 'Emily');
    const classroom = await joined('classroom', 'CM2 B');
    // A readiness check's connection is the only one with `probe` (readiness-probe.test.ts).
    const check = await connectClient(server, 'classroom', 'check', {
      auth: {
        token: (await server.checkTokens.mint('abuse-class')).token,
        purpose: 'check',
        protocolVersion: PROTOCOL_VERSION,
      },
    });
    const probes: readonly RequestName[] = PROBE_REQUEST_NAMES;
    for (const name of REQUEST_NAMES) {
      const client = probes.includes(name)
        ? check
        : name === 'raiseHand' || name === 'sendClassroomSignal'
          ? classroom
          : tutor;
      for (const payload of GARBAGE) {
        const response = await client.request(name, payload);
        // Requests without fields accept an empty object only; anything else is invalid.
        expect(response, `${name} with ${JSON.stringify(payload).slice(0, 40)}`).toMatchObject({
          ok: false,
          error: { code: 'invalid_request' },
        });
      }
    }
    // Both are still connected and served.
    expect((await tutor.request('createTransport', { direction: 'recv' })).ok).toBe(true);
    expect((await classroom.request('raiseHand', { raised: true })).ok).toBe(true);
    expect((await check.request('startCheck', {})).ok).toBe(true);
    tutor.close();
    classroom.close();
    check.close();
  });

  it('refuses an unknown request and survives requests without an acknowledgement callback', async () => {
    const tutor = await joined('tutor', 'Emily', 'abuse-unknown');
    expect(await tutor.request('dropDatabase', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    tutor.socket.emit('produce', { nonsense: true });
    tutor.socket.emit('joinSession');
    expect((await tutor.request('createTransport', { direction: 'recv' })).ok).toBe(true);
    tutor.close();
  });

  it('refuses media requests before joining (conflict)', async () => {
    const classroom = await connectClient(server, 'classroom', 'CM1', { sessionId: 'abuse-early' });
    expect(await classroom.request('createTransport', { direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    classroom.close();
  });

  it('never lets an inspector send anything', async () => {
    const inspector = await joined('inspector', 'IEN', 'abuse-inspector');
    expect(await inspector.request('createTransport', { direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const recv = await inspector.request('createTransport', { direction: 'recv' });
    expect(recv.ok).toBe(true);
    const transportId = recv.ok ? (recv.data as { id: string }).id : '';
    const produce = await inspector.request('produce', {
      transportId,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: opusParameters(1111),
    });
    expect(produce).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const [name, payload] of [
      ['updateBoard', { update: 'AAA=' }],
      ['raiseHand', { raised: true }],
      ['sendClassroomSignal', { signal: 'cantHear' }],
      ['pushContent', { content: { type: 'flashcard', word: 'cat' } }],
      ['muteParticipant', { participantId: 'x', muted: true }],
    ] as const) {
      expect(await inspector.request(name, payload), name).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    const room = await (await server.registry.open('abuse-inspector')).mediaRoom();
    expect(room.producers()).toEqual([]);
    inspector.close();
  });

  it('refuses a classroom screen share and a tutor-only command (forbidden)', async () => {
    const classroom = await joined('classroom', 'CM2', 'abuse-classroom');
    const send = await classroom.request('createTransport', { direction: 'send' });
    const transportId = send.ok ? (send.data as { id: string }).id : '';
    const screen = await classroom.request('produce', {
      transportId,
      kind: 'video',
      source: 'screen',
      rtpParameters: opusParameters(2222),
    });
    expect(screen).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await classroom.request('pushContent', { content: { type: 'flashcard', word: 'dog' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    classroom.close();
  });

  it('refuses a malformed board update without touching the board', async () => {
    const tutor = await joined('tutor', 'Emily', 'abuse-board');
    const session = await server.registry.open('abuse-board');
    const before = Buffer.from(session.board.snapshot()).toString('base64');
    expect(
      await tutor.request('updateBoard', {
        update: Buffer.from([1, 200, 3, 4, 5]).toString('base64'),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(Buffer.from(session.board.snapshot()).toString('base64')).toBe(before);
    tutor.close();
  });
});

describe('a flooding client', () => {
  it('is slowed down with `unavailable` while another participant is still served', async () => {
    const server = await startTestServer();
    try {
      const flooder = await connectClient(server, 'classroom', 'Runaway', { sessionId: 'flood' });
      const calm = await connectClient(server, 'classroom', 'Calm', { sessionId: 'flood' });
      const answers = await Promise.all(
        Array.from({ length: 400 }, () => flooder.request('getRouterRtpCapabilities', {})),
      );
      const refused = answers.filter((answer) => !answer.ok);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]).toMatchObject({ error: { code: 'unavailable' } });
      expect((await calm.request('getRouterRtpCapabilities', {})).ok).toBe(true);
      flooder.close();
      calm.close();
    } finally {
      await server.close();
    }
  });
});
