import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { clusterKeys } from '../../../signaling/cluster';
import { PROTOCOL_VERSION, movedRefusalSchema } from '../../../signaling/protocol';
import { NodeRoute } from '../../../web/src/lesson/nodeRoute';
import { startLocalRedis, waitUntil, type LocalRedis } from '../../helpers/redis';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectClient } from '../../helpers/socketClient';
import { freePort } from '../../../scripts/freePort';

const publicUrls = new Map<TestServer, string>();

/** A node with its own host name (NODE_PUBLIC_URL): a `moved` answer carries its URL. */
async function startNode(redis: LocalRedis, id: string): Promise<TestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startTestServer({
    env: {
      PORT: String(port),
      REDIS_URL: redis.url,
      NODE_ID: id,
      NODE_PUBLIC_URL: url,
      // Required with REDIS_URL; the store itself is handed over (none here: ad-hoc lessons).
      DATABASE_URL: 'postgres://unused.invalid/passerelle',
    },
  });
  publicUrls.set(server, url);
  return server;
}

/** The node holding `sessionId` once a tutor is in: asked at A, followed if A says moved. */
async function holderOf(sessionId: string): Promise<{ owner: TestServer; other: TestServer }> {
  try {
    const holder = await connectClient(nodeA, 'tutor', 'Emily', { sessionId });
    cleanups.push(() => holder.close());
    return { owner: nodeA, other: nodeB };
  } catch {
    const holder = await connectClient(nodeB, 'tutor', 'Emily', { sessionId });
    cleanups.push(() => holder.close());
    return { owner: nodeB, other: nodeA };
  }
}

const cleanups: (() => void)[] = [];

let redis: LocalRedis;
let nodeA: TestServer;
let nodeB: TestServer;

beforeAll(async () => {
  redis = await startLocalRedis();
  nodeA = await startNode(redis, 'a');
  nodeB = await startNode(redis, 'b');
});
afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await nodeA?.close();
  await nodeB?.close();
  await redis?.stop();
});

describe('moved: a join that reaches the wrong node', () => {
  it('is refused with moved, naming the node that holds the lesson and its URL', async () => {
    const { owner, other } = await holderOf('lesson-1');
    let refusal: unknown;
    try {
      const client = await connectClient(other, 'classroom', 'CM1', { sessionId: 'lesson-1' });
      client.close();
    } catch (error) {
      refusal = (error as { data?: unknown }).data;
    }
    expect(movedRefusalSchema.parse(refusal)).toEqual({
      code: 'moved',
      node: { id: owner === nodeA ? 'a' : 'b', url: publicUrls.get(owner) },
    });
    expect(other.registry.ids()).not.toContain('lesson-1');
  });

  it('is followed once by the client, which joins on the right node', async () => {
    const { owner, other } = await holderOf('lesson-on-b');
    const token = await other.tokens.mint({
      sessionId: 'lesson-on-b',
      role: 'classroom',
      displayName: 'CE2',
    });
    const socket: Socket = io(other.url, {
      auth: { token, sessionId: 'lesson-on-b', protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
    });
    const route = new NodeRoute(socket, other.url);
    const outcomes: string[] = [];
    socket.on('connect_error', (error) => outcomes.push(route.follow(error)));
    socket.connect();
    await waitUntil(() => socket.connected, 'the client to connect after following moved');
    expect(outcomes).toEqual(['following']);
    expect((await owner.registry.open('lesson-on-b')).size).toBe(2);
    socket.disconnect();
  });

  it('sends the connections of a lesson another node took (a lapsed heartbeat) to that node', async () => {
    const { owner, other } = await holderOf('lesson-taken');
    const otherId = other === nodeA ? 'a' : 'b';
    const token = await owner.tokens.mint({
      sessionId: 'lesson-taken',
      role: 'classroom',
      displayName: 'CM2',
    });
    const socket: Socket = io(owner.url, {
      auth: { token, sessionId: 'lesson-taken', protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
    });
    const route = new NodeRoute(socket, owner.url);
    socket.on('connect_error', (error) => route.follow(error));
    socket.connect();
    await waitUntil(() => socket.connected, 'the class to connect to the owner');
    // As if the owner had stalled past its TTL and the other node had claimed the lesson.
    const redisClient = new Redis(redis.url);
    await redisClient.set(clusterKeys.lesson('lesson-taken'), otherId, 'PX', 60_000);
    redisClient.disconnect();
    await waitUntil(
      () => other.registry.ids().includes('lesson-taken'),
      'the class to reconnect and be sent on to the node holding the lesson now',
    );
    await waitUntil(() => socket.connected, 'the class connected again');
    expect((await other.registry.open('lesson-taken')).size).toBe(1);
    socket.disconnect();
  });

  it('answers no moved for a refusal of another kind, and flags a second moved as a loop', () => {
    const socket = io('http://127.0.0.1:9', { autoConnect: false, transports: ['websocket'] });
    const route = new NodeRoute(socket, 'http://127.0.0.1:9');
    const forbidden = Object.assign(new Error('no'), { data: { code: 'forbidden' } });
    expect(route.follow(forbidden)).toBe('not_moved');
    const forged = Object.assign(new Error('x'), { data: { code: 'moved', node: { id: '../x' } } });
    expect(route.follow(forged)).toBe('not_moved');
    const moved = Object.assign(new Error('m'), { data: { code: 'moved', node: { id: 'b' } } });
    expect(route.follow(moved)).toBe('following');
    expect(socket.io.opts.query).toEqual({ node: 'b' });
    expect(route.follow(moved)).toBe('loop');
    expect(socket.io.opts.query).toEqual({});
    socket.disconnect();
  });
});
