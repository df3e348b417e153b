import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../signaling';
import { REQUESTS, type Role } from '../../signaling/protocol';
import { startTestServer } from '../helpers/server';
import { connectClient } from '../helpers/socketClient';

/**
 * The server tells each page at join how to encode its microphone (signaling/capturePolicy.ts):
 * Opus DTX for a class and a pupil at home, the tutor continuous, nothing for a silent role.
 */
describe('the microphone policy in the join answer', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function microphoneOf(role: Role, extra: Record<string, unknown> = {}) {
    const sessionId = 'microphone-policy';
    const token = await server.tokens.mint({ sessionId, role, displayName: role, ...extra });
    const client = await connectClient(server, role, role, { sessionId, token });
    try {
      const caps = await client.request('getRouterRtpCapabilities', {});
      const { rtpCapabilities } = (caps as { data: { rtpCapabilities: unknown } }).data;
      const join = await client.request('joinSession', { rtpCapabilities });
      if (!join.ok) throw new Error(`join failed: ${JSON.stringify(join)}`);
      // Parsed as the page parses it: the field is part of the declared answer.
      return REQUESTS.joinSession.response.parse(join.data).microphone;
    } finally {
      client.close();
    }
  }

  it('asks a classroom and a pupil at home for DTX, and keeps the tutor continuous', async () => {
    expect(await microphoneOf('classroom', { subject: 'class-ce2' })).toEqual({ dtx: true });
    const pupil = {
      classId: 'class-ce2',
      className: 'CE2',
      linkId: 'link-1',
      cameraAllowed: false,
    };
    expect(await microphoneOf('pupil', { pupil })).toEqual({ dtx: true });
    expect(await microphoneOf('tutor')).toEqual({ dtx: false });
  });

  it('gives a role that never speaks no microphone policy', async () => {
    expect(await microphoneOf('inspector')).toBeNull();
  });
});
