/*
 * A child process of the bench running whole lessons of headless participants
 * (the load generator must not share the SFU's process, and it needs more CPU
 * than the SFU: werift does ICE, DTLS, SRTP and RTCP in JavaScript). The parent
 * tells it which lessons to run on which SFU, asks for counts, then stops it.
 */
import './udpBuffers'; // first: before werift opens any socket
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BenchParticipant, type Published, type StreamCount } from './participant';
import { SEATS, type Seat, type SfuLink } from './lesson';
import { bareLink, passerelleLink } from './links';
import { JanusParticipant, type JanusFeed } from './janusParticipant';
import type { ExtensionSet } from './extensions';
import type { DtxSetting } from './dtx';
import type { ClientRtp } from './peer';
import { runFanout } from './fanout';
import { pacedFrames } from './synthetic';
import { pacing } from './pacer';

export interface LessonAssignment {
  id: string;
  /** Passerelle only: each seat's token for session `id`. */
  tokens?: Record<Seat, string>;
}

export type ToClient =
  | {
      kind: 'start';
      target: 'passerelle' | 'bare' | 'janus';
      /** The header extensions every client negotiates (extensions.ts). */
      extensions: ExtensionSet;
      /** Opus DTX on the microphones whose pages ask for it (dtx.ts). */
      dtx?: DtxSetting;
      /** Passerelle: the cameras follow the server's `producerLayersWanted`, as its pages do. */
      dynacast?: boolean;
      /** How often each tutor moves the spotlight (lesson.ts `spotlightSwapMs`). */
      spotlightSwapMs: number;
      url?: string;
      lessons: LessonAssignment[];
      /** Bare router only: instead of lessons, the calibration fan-out to this many subscribers. */
      fanout?: number;
    }
  | { kind: 'snapshot' }
  | { kind: 'stop' };

export type FromClient =
  | { kind: 'ready' }
  | { kind: 'failed'; error: string }
  | {
      kind: 'snapshot';
      counts: StreamCount[];
      cpuSeconds: number;
      loop: LoopDelay;
      sending: SendingTally;
    };

/**
 * Whether this process kept up with what its seats make, since it started: frames its timers
 * owed and dropped (synthetic.ts `paced`), packets its pacers were given and still hold
 * (pacer.ts `pacing`).
 */
export interface SendingTally {
  framesDue: number;
  framesDropped: number;
  packetsPaced: number;
  packetsQueued: number;
}

function sendingTally(): SendingTally {
  const { paced, queued } = pacing();
  return {
    framesDue: pacedFrames.due,
    framesDropped: pacedFrames.dropped,
    packetsPaced: paced,
    packetsQueued: queued,
  };
}

/** How late this process's event loop ran since the previous snapshot (a starved client). */
export interface LoopDelay {
  meanMs: number;
  p99Ms: number;
  maxMs: number;
}

// 10 ms resolution: the pacing timers run every 20-67 ms; finer sampling costs wake-ups.
const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loopDelay.enable();

function takeLoopDelay(): LoopDelay {
  // The histogram holds each sampling interval whole: an idle loop reads ~10 ms; keep the lateness.
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS) : 0);
  const taken = {
    meanMs: ms(loopDelay.mean),
    p99Ms: ms(loopDelay.percentile(99)),
    maxMs: ms(loopDelay.max),
  };
  loopDelay.reset();
  return taken;
}

/** A seat as the process counts and stops it, whichever SFU it is on. */
interface Member {
  counts(): StreamCount[];
  close(): Promise<void>;
}
const participants: Member[] = [];
const timers: ReturnType<typeof setInterval>[] = [];

/** What every lesson of this process is told by the start message. */
type LessonSettings = Pick<ClientRtp, 'extensions' | 'dtx'> & {
  dynacast?: boolean;
  spotlightSwapMs: number;
};

async function runLesson(
  lesson: LessonAssignment,
  { extensions, dtx, dynacast, spotlightSwapMs }: LessonSettings,
  linkFor: (seat: Seat) => Promise<SfuLink>,
) {
  const seats = await Promise.all(
    SEATS.map(async (seat) => new BenchParticipant(seat, await linkFor(seat))),
  );
  participants.push(...seats);
  const payloadTypes: ClientRtp = { ...(await seats[0]!.link.payloadTypes()), extensions, dtx };
  for (const participant of seats) await participant.link.join(payloadTypes);
  const published = {} as Record<Seat, Published>;
  for (const participant of seats)
    published[participant.seat] = await participant.publish(payloadTypes, dynacast);
  await Promise.all(seats.map((participant) => participant.receive(payloadTypes, published)));
  const tutor = seats[0]!;
  timers.push(
    setInterval(() => void tutor.swapSpotlight().catch(() => undefined), spotlightSwapMs),
  );
  for (const participant of seats) prefix.set(participant, lesson.id);
}
const prefix = new Map<Member, string>();

/**
 * Janus follows the publisher's payload types (these are a browser's) and the extension ids
 * of werift's offer, which its answer echoes (the ids here only matter to mediasoup's answer).
 */
const janusRtp = ({ extensions, dtx }: Pick<ClientRtp, 'extensions' | 'dtx'>): ClientRtp => ({
  opus: 111,
  vp8: 96,
  extensions,
  dtx,
  extensionIds: { audioLevel: 1, transportCc: 3 },
});

async function runJanusLesson(
  url: string,
  lesson: LessonAssignment,
  negotiated: LessonSettings,
): Promise<void> {
  const rtp = janusRtp(negotiated);
  const { extensions } = negotiated;
  // Janus numbers its rooms; the lesson's index gives one.
  const room = 1000 + Number(/(\d+)$/.exec(lesson.id)?.[1] ?? 0);
  const seats = await Promise.all(SEATS.map((seat) => JanusParticipant.open(url, seat)));
  participants.push(...seats);
  for (const participant of seats) prefix.set(participant, lesson.id);
  await seats[0]!.createRoom(room, extensions);
  const feeds = {} as Record<Seat, JanusFeed | undefined>;
  for (const participant of seats) feeds[participant.seat] = await participant.publish(room, rtp);
  await Promise.all(seats.map((participant) => participant.receive(room, rtp, feeds)));
  const tutor = seats[0]!;
  timers.push(
    setInterval(
      () => void tutor.swapSpotlight().catch(() => undefined),
      negotiated.spotlightSwapMs,
    ),
  );
}

async function start(message: Extract<ToClient, { kind: 'start' }>): Promise<void> {
  if (message.fanout !== undefined) {
    const id = message.lessons[0]!.id;
    const fanout = await runFanout(id, message.fanout, message);
    participants.push(fanout);
    prefix.set(fanout, id);
    return;
  }
  await Promise.all(
    message.lessons.map((lesson) =>
      message.target === 'janus'
        ? runJanusLesson(message.url!, lesson, message)
        : runLesson(lesson, message, async (seat) =>
            message.target === 'passerelle'
              ? passerelleLink(message.url!, lesson.id, lesson.tokens![seat])
              : bareLink(`${lesson.id}/${seat}`),
          ),
    ),
  );
}

function send(message: FromClient): void {
  process.send!(message);
}

process.on('message', (message: ToClient | { kind: string }) => {
  if (message.kind === 'start') {
    start(message as Extract<ToClient, { kind: 'start' }>).then(
      () => send({ kind: 'ready' }),
      (error: unknown) => send({ kind: 'failed', error: String((error as Error).stack ?? error) }),
    );
  } else if (message.kind === 'snapshot') {
    const usage = process.cpuUsage();
    const counts = participants.flatMap((participant) =>
      participant.counts().map((count) => ({
        ...count,
        name: `${prefix.get(participant) ?? '?'} ${count.name}`,
      })),
    );
    const cpuSeconds = (usage.user + usage.system) / 1e6;
    send({ kind: 'snapshot', counts, cpuSeconds, loop: takeLoopDelay(), sending: sendingTally() });
  } else if (message.kind === 'stop') {
    for (const timer of timers) clearInterval(timer);
    void Promise.all(
      participants.map((participant) => participant.close().catch(() => undefined)),
    ).finally(() => process.exit(0));
  }
});
