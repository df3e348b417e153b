/*
 * How long does it take a morning of lessons to get everyone in? For L
 * lessons of one tutor, two classrooms and one inspector, every participant
 * connects (token check), joins, opens its transports, and the visible ones
 * publish a camera (3-layer simulcast) and a microphone; everyone then
 * consumes everything it may see. Measured through socket.io and the
 * signalling layer, against a baseline in the same run: the same mediasoup
 * work done by calling MediaRoom directly (what the SFU itself costs).
 *
 *   npm run bench:signaling [-- --lessons 20]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { MediaRoom, WorkerPool } from '../../sfu';
import { PROTOCOL_VERSION, type Ack, type Role } from '../protocol';
import { createLogger, loadConfig, startPasserelleServer, type RunningServer } from '..';
import { opusParameters, vp8SimulcastParameters } from '../../test/helpers/rtp';

const ROLES: Role[] = ['tutor', 'classroom', 'classroom', 'inspector'];

interface Timing {
  joinMs: number[];
  totalMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function connect(
  server: RunningServer,
  sessionId: string,
  role: Role,
  name: string,
): Promise<Socket> {
  const token = await server.tokens.mint({ sessionId, role, displayName: name });
  const socket = io(server.url, {
    auth: { token, sessionId, protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

async function call<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const ack = (await socket.emitWithAck(name, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${name}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** One participant through the wire: connect, join, transports, publish, consume all it sees. */
async function joinThroughSignaling(
  server: RunningServer,
  sessionId: string,
  role: Role,
  index: number,
): Promise<number> {
  const started = performance.now();
  const socket = await connect(server, sessionId, role, `${role} ${index}`);
  const { rtpCapabilities } = await call<{ rtpCapabilities: unknown }>(
    socket,
    'getRouterRtpCapabilities',
    {},
  );
  const joined = await call<{ producers: { producerId: string }[] }>(socket, 'joinSession', {
    rtpCapabilities,
  });
  const recv = await call<{ id: string }>(socket, 'createTransport', { direction: 'recv' });
  if (role !== 'inspector') {
    const send = await call<{ id: string }>(socket, 'createTransport', { direction: 'send' });
    const ssrc = 10_000 + index * 100;
    await call(socket, 'produce', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(ssrc),
    });
    await call(socket, 'produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: opusParameters(ssrc + 50),
    });
  }
  for (const producer of joined.producers) {
    const consumer = await call<{ consumerId: string }>(socket, 'consume', {
      transportId: recv.id,
      producerId: producer.producerId,
    });
    await call(socket, 'resumeConsumer', { consumerId: consumer.consumerId });
  }
  return performance.now() - started;
}

/** The same mediasoup work without sockets, tokens, schemas or visibility rules. */
async function joinDirectly(room: MediaRoom, role: Role, index: number): Promise<number> {
  const started = performance.now();
  const peerId = `${role}-${index}`;
  const existing = room.producers();
  room.addPeer(peerId, room.rtpCapabilities);
  const recv = await room.createTransport(peerId, 'recv');
  if (role !== 'inspector') {
    const send = await room.createTransport(peerId, 'send');
    const ssrc = 10_000 + index * 100;
    await room.produce(peerId, {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(ssrc),
    });
    await room.produce(peerId, {
      transportId: send.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: opusParameters(ssrc + 50),
    });
  }
  for (const producer of existing) {
    const consumer = await room.consume(peerId, recv.id, producer.producerId);
    await room.resumeConsumer(peerId, consumer.consumerId);
  }
  return performance.now() - started;
}

async function runLessons(
  lessons: number,
  joinOne: (lesson: number, role: Role, index: number) => Promise<number>,
): Promise<Timing> {
  const started = performance.now();
  const perLesson = await Promise.all(
    Array.from({ length: lessons }, async (_, lesson) => {
      const times: number[] = [];
      // Within a lesson people arrive one after another; lessons run in parallel.
      for (const [i, role] of ROLES.entries())
        times.push(await joinOne(lesson, role, lesson * ROLES.length + i));
      return times;
    }),
  );
  return { joinMs: perLesson.flat(), totalMs: performance.now() - started };
}

function report(label: string, timing: Timing): void {
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `${label.padEnd(34)} participants ${timing.joinMs.length}, median ${fmt(percentile(timing.joinMs, 50))}, p95 ${fmt(percentile(timing.joinMs, 95))}, all in ${fmt(timing.totalMs)}`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { lessons: { type: 'string', default: '20' } } });
  const lessons = Number(values.lessons);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    RTC_PORT: '0',
    MEDIASOUP_NUM_WORKERS: '2',
    PASSERELLE_STATE_DIR: mkdtempSync(join(tmpdir(), 'passerelle-bench-')),
    PASSERELLE_TOKEN_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    LOG_LEVEL: 'silent',
  });
  console.log(
    `${lessons} lessons × (tutor, 2 classrooms, inspector), real mediasoup workers (2), loopback\n`,
  );

  const pool = await WorkerPool.create({ numWorkers: 2, listen: { ip: '127.0.0.1' } });
  const rooms = await Promise.all(
    Array.from({ length: lessons }, () => MediaRoom.create({ pool })),
  );
  report(
    'baseline: MediaRoom calls',
    await runLessons(lessons, (lesson, role, i) => joinDirectly(rooms[lesson]!, role, i)),
  );
  for (const room of rooms) room.close();
  await pool.close();

  const server = await startPasserelleServer({ config, logger: createLogger('silent') });
  report(
    'through socket.io + signalling',
    await runLessons(lessons, (lesson, role, i) =>
      joinThroughSignaling(server, `bench-${lesson}`, role, i),
    ),
  );
  await server.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
