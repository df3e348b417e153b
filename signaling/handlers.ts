import type { types } from 'mediasoup';
import { assertMayProduce } from './admission';
import type { LessonSession } from './LessonSession';
import { consumerPriority } from './mediaPriority';
import { GRANT_HANDLERS } from './grants/grantHandlers';
import { LESSON_HANDLERS } from './lessonHandlers';
import { describeFor, type Participant } from './Participant';
import type { MediaRoom } from '../sfu';
import {
  ProtocolError,
  possibleCapabilitiesOf,
  receivesTrack,
  type ProbeRequestName,
  type ProducerInfo,
  type RequestName,
  type RequestPayload,
  type ResponseData,
} from './protocol';

export interface RequestContext {
  session: LessonSession;
  participant: Participant;
}

/** Requests of a lesson connection; the probe requests belong to check connections (probe/). */
export type LessonRequestName = Exclude<RequestName, ProbeRequestName>;

type Handler<K extends RequestName> = (
  context: RequestContext,
  payload: RequestPayload<K>,
) => Promise<ResponseData<K>>;

/** Requests allowed before `joinSession`; everything else needs a joined participant. */
export const PRE_JOIN_REQUESTS: ReadonlySet<RequestName> = new Set([
  'getRouterRtpCapabilities',
  'joinSession',
  'leaveSession',
]);

/*
 * Wire shapes are validated by the protocol schemas before a handler runs;
 * the `as types.X` below hand the checked structure to mediasoup, which
 * validates the details and whose refusals come back as invalid_request.
 */
export const HANDLERS: { [K in LessonRequestName]: Handler<K> } = {
  async getRouterRtpCapabilities({ session }) {
    const room = await session.mediaRoom();
    return { rtpCapabilities: room.rtpCapabilities };
  },

  async joinSession({ session, participant }, { rtpCapabilities, receive, receiveDtls }) {
    const answer = await session.join(participant, rtpCapabilities);
    if (!receive || !participant.can('consume')) return answer;
    const { producers } = answer;
    // mediasoup's worker compares fingerprints with its own upper-case hex, and a mismatch
    // fails DTLS on its side alone (the page sees "connected", nothing flows): normalised here.
    const dtls = receiveDtls && {
      ...(receiveDtls as types.DtlsParameters),
      fingerprints: receiveDtls.fingerprints.map((f) => ({ ...f, value: f.value.toUpperCase() })),
    };
    return { ...answer, receiving: await prepareReceiving(session, participant, producers, dtls) };
  },

  async createTransport({ session, participant }, { direction }) {
    if (direction === 'send' && !mayEverProduce(participant)) {
      throw new ProtocolError('forbidden', `a ${participant.role} does not send media`);
    }
    const room = await session.mediaRoom();
    return room.createTransport(participant.id, direction);
  },

  async connectTransport({ session, participant }, { transportId, dtlsParameters }) {
    const room = await session.mediaRoom();
    await room.connectTransport(
      participant.id,
      transportId,
      dtlsParameters as types.DtlsParameters,
    );
    return {};
  },

  async restartIce({ session, participant }, { transportId }) {
    const room = await session.mediaRoom();
    return { iceParameters: await room.restartIce(participant.id, transportId) };
  },

  async produce({ session, participant }, { transportId, kind, source, rtpParameters }) {
    if ((source === 'microphone') !== (kind === 'audio')) {
      throw new ProtocolError('invalid_request', `a ${source} track cannot be ${kind}`);
    }
    const room = await session.mediaRoom();
    assertMayProduce(session, participant, source, room);
    const producer = await room.produce(participant.id, {
      transportId,
      kind,
      source,
      rtpParameters: rtpParameters as types.RtpParameters,
    });
    session.announceProducer(participant, producer);
    return { producerId: producer.producerId };
  },

  async closeProducer({ session, participant }, { producerId }) {
    const room = await session.mediaRoom();
    room.closeProducer(participant.id, producerId);
    session.announceProducerChange(participant, 'producerClosed', producerId);
    return {};
  },

  async pauseProducer({ session, participant }, { producerId }) {
    const room = await session.mediaRoom();
    await room.setProducerPaused(participant.id, producerId, true);
    session.announceProducerChange(participant, 'producerPaused', producerId);
    return {};
  },

  async resumeProducer({ session, participant }, { producerId }) {
    const room = await session.mediaRoom();
    await room.setProducerPaused(participant.id, producerId, false);
    session.announceProducerChange(participant, 'producerResumed', producerId);
    return {};
  },

  consume({ session, participant }, { transportId, producerId }) {
    return consumeFor(session, participant, transportId, producerId);
  },

  async resumeConsumer({ session, participant }, { consumerId }) {
    const room = await session.mediaRoom();
    await room.resumeConsumer(participant.id, consumerId);
    return {};
  },

  async setConsumerPreferredLayers(
    { session, participant },
    { consumerId, spatialLayer, temporalLayer, enlarged },
  ) {
    const room = await session.mediaRoom();
    // Only a hidden viewer's flag changes anything; a visible viewer's layer always counts.
    if (!participant.visible) session.setTileEnlarged(participant, consumerId, enlarged === true);
    await room.setPreferredLayers(participant.id, consumerId, spatialLayer, temporalLayer);
    return {};
  },

  async getTransportStats({ session, participant }, { transportId }) {
    const room = await session.mediaRoom();
    return room.transportStats(participant.id, transportId);
  },

  /** Leaving is final: the connection closes once the answer is sent (a new one may join again). */
  async leaveSession({ session, participant }) {
    session.leave(participant);
    setImmediate(() => participant.link.disconnect('left'));
    return {};
  },

  ...LESSON_HANDLERS,
  ...GRANT_HANDLERS,
};

/** A send transport is for whoever may send now or once granted (a pupil given the floor). */
function mayEverProduce(participant: Participant): boolean {
  const possible = possibleCapabilitiesOf(participant.role);
  return (
    possible.has('produceCamera') ||
    possible.has('produceMicrophone') ||
    possible.has('produceScreen')
  );
}

type ConsumeAnswer = ResponseData<'consume'>;

async function consumeFor(
  session: LessonSession,
  participant: Participant,
  transportId: string,
  producerId: string,
  start?: { spatialLayer: number },
): Promise<ConsumeAnswer> {
  const room = await session.mediaRoom();
  assertMayReceive(session, participant, room, producerId);
  const consumer = await room.consume(participant.id, transportId, producerId, start);
  const source = session.sourceOf(consumer.source);
  const ownerRole = session.participant(consumer.peerId)?.role;
  await room.setConsumerPriority(
    participant.id,
    consumer.consumerId,
    consumerPriority(source, ownerRole),
  );
  return {
    consumerId: consumer.consumerId,
    producerId: consumer.producerId,
    participantId: consumer.peerId,
    kind: consumer.kind,
    source,
    rtpParameters: consumer.rtpParameters,
  };
}

/**
 * The consume path's audience check: a producer whose owner `participant` may not know of (a
 * pupil at home of another class) does not exist for it, as in every list it receives.
 */
function assertMayReceive(
  session: LessonSession,
  participant: Participant,
  room: MediaRoom,
  producerId: string,
): void {
  const producer = room.producers().find((candidate) => candidate.producerId === producerId);
  const owner = producer && session.participant(producer.peerId);
  if (owner && owner !== participant && describeFor(participant, owner) === null)
    throw new ProtocolError('not_found', `no producer ${producerId}`);
}

/**
 * The join's `receive`: a recv transport and, flowing from the start on their lowest layer,
 * the consumers of what the role receives. The transport is new, so nothing leaves before the
 * page has its consumers and DTLS is up; with the page's DTLS parameters it is connected too
 * (`connected`). Best effort: whatever is missing here (no transport: null; a producer gone
 * meanwhile: no consumer; parameters refused: not connected) the page does step by step after.
 */
async function prepareReceiving(
  session: LessonSession,
  participant: Participant,
  producers: ProducerInfo[],
  dtlsParameters: types.DtlsParameters | undefined,
): Promise<ResponseData<'joinSession'>['receiving']> {
  const room = await session.mediaRoom();
  const transport = await room.createTransport(participant.id, 'recv').catch(() => null);
  if (!transport) return null;
  const consumers: ConsumeAnswer[] = [];
  for (const { producerId, participantId, kind } of producers) {
    if (!receivesTrack(participant.role, session.participant(participantId)?.role, kind)) continue;
    const start = { spatialLayer: 0 }; // raised by the page once it flows
    const consumer = await consumeFor(session, participant, transport.id, producerId, start).catch(
      () => null,
    );
    if (consumer) consumers.push(consumer);
  }
  // Refused parameters (mediasoup's check) leave the transport to the page's connectTransport.
  const connected =
    dtlsParameters !== undefined &&
    (await room.connectTransport(participant.id, transport.id, dtlsParameters).then(
      () => true,
      () => false,
    ));
  return { transport, consumers, ...(connected ? { connected } : {}) };
}
