import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadinessReport } from '../../lesson-plans/contract/readiness';
import type { Role } from '../../signaling/protocol';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient, type TestClient } from '../helpers/socketClient';

/** Emily's Monday lesson with CE2 and CM2 Jaurès. */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const WEAK_CLASS = 'ecole-jaures-ce2';
const READY_CLASS = 'ecole-jaures-cm2';

const figures = {
  upstreamBps: 600_000,
  downstreamBps: 2_000_000,
  rttMs: 40,
  upstreamLossPct: 0,
  downstreamLossPct: 0,
  upstreamLineLimited: false,
};
const weakReport: ReadinessReport = {
  https: true,
  websocket: true,
  paths: [{ path: 'udp', outcome: 'ok', durationMs: 4000, ...figures }],
  verdict: 'ready',
  weak: true,
};
const readyReport: ReadinessReport = {
  ...weakReport,
  paths: [{ path: 'udp', outcome: 'ok', durationMs: 4000, ...figures, upstreamBps: 1_500_000 }],
  weak: false,
};

type Note = { participantId: string; verdict: string; weak: boolean; checkedAt: string };

describe('the tutor is told when a class is known to be on a weak line', () => {
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    await server.planning!.recordReadiness(WEAK_CLASS, 'ecole-jaures', weakReport);
    await server.planning!.recordReadiness(READY_CLASS, 'ecole-jaures', readyReport);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
  });

  async function join(role: Role, subject: string): Promise<{ client: TestClient; id: string }> {
    const token = await server.tokens.mint({
      sessionId: LESSON,
      role,
      displayName: subject,
      subject,
    });
    const client = await connectClient(server, role, subject, { sessionId: LESSON, token });
    clients.push(client);
    const caps = await client.request('getRouterRtpCapabilities', {});
    const rtpCapabilities = caps.ok
      ? (caps.data as { rtpCapabilities: unknown }).rtpCapabilities
      : null;
    const joined = await client.request('joinSession', { rtpCapabilities });
    if (!joined.ok) throw new Error(joined.error.message);
    return { client, id: (joined.data as { self: { participantId: string } }).self.participantId };
  }

  const notes = (client: TestClient) =>
    client.received
      .filter(([name]) => name === 'lineReadinessKnown')
      .map(([, note]) => note as Note);

  it('a weak class joining reaches the tutor; a ready class, other classes and hidden roles do not', async () => {
    const tutor = await join('tutor', 'tutor-emily');
    const ready = await join('classroom', READY_CLASS);
    const tutorNote = tutor.client.next('lineReadinessKnown');
    const weak = await join('classroom', WEAK_CLASS);
    expect(await tutorNote).toEqual({
      participantId: weak.id,
      verdict: 'ready',
      weak: true,
      checkedAt: expect.any(String),
    });
    // An inspector whose subject names the weak class is still never the subject of a note.
    const inspector = await join('inspector', WEAK_CLASS);
    // A late viewer with statistics gets the notes of the classes already there...
    await expect
      .poll(() => notes(inspector.client))
      .toEqual([expect.objectContaining({ participantId: weak.id })]);
    // ...and the round trip of a request proves nothing else is on its way to the others.
    await tutor.client.request('getRouterRtpCapabilities', {});
    expect(notes(tutor.client).map((note) => note.participantId)).toEqual([weak.id]);
    expect(notes(ready.client)).toEqual([]);
    expect(notes(weak.client)).toEqual([]);
  });

  it('a tutor joining after the class is told too', async () => {
    for (const client of clients.splice(0)) client.close();
    const weak = await join('classroom', WEAK_CLASS);
    const tutor = await join('tutor', 'tutor-emily');
    await expect
      .poll(() => notes(tutor.client))
      .toEqual([expect.objectContaining({ participantId: weak.id, weak: true })]);
  });
});
