import { beforeEach, describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS } from '../../signaling/linkState/linkLifecycle';
import {
  joinMemory,
  ok,
  publish,
  watch,
  type MemoryParticipant,
} from '../helpers/memoryParticipant';
import { useObservedLesson } from '../helpers/observedLesson';

/*
 * Issue 9, item 3, through the real dispatcher, a real LessonSession and a real mediasoup
 * room: who hears of a weak line, what the page is told to do, and that nothing is paused.
 * The monitor's clock is driven by hand (no timer), one sample per call.
 */

const WEAK_REPORT = {
  sendBitrateKbps: 60,
  recvBitrateKbps: 300,
  packetLossPercent: 4,
  roundTripMs: 120,
  freezeCount: 0,
  sendAvailableKbps: 70,
};
const STRONG_REPORT = { ...WEAK_REPORT, sendAvailableKbps: 900 };

function notices(member: MemoryParticipant, name: string): unknown[] {
  return member.inbox.filter(([n]) => n === name).map(([, payload]) => payload);
}

describe('a weak line goes audio-only, visibly, and nothing but video stops', () => {
  let clock = 0;
  const lesson = useObservedLesson('links', {
    links: { now: () => clock, sampleIntervalMs: 0 },
  });
  const { producers, consumers } = lesson;
  beforeEach(() => {
    clock = 0;
  });

  async function report(member: MemoryParticipant, body: typeof WEAK_REPORT) {
    await ok(member.request('reportQuality', body));
  }

  it("suspends a class's camera on a weak uplink, tells the tutor and the class, and tries again", async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    const otherClass = await joinMemory(lesson.session, 'classroom', 'CE2 Jaurès');
    const classVoice = await publish(classroom, 'microphone');
    const tutorVoice = await publish(tutor, 'microphone');
    const classCamera = await publish(classroom, 'camera');
    const heard = [await watch(tutor, classVoice), await watch(classroom, tutorVoice)];
    await watch(tutor, classCamera);

    await report(classroom, WEAK_REPORT);
    expect(notices(classroom, 'cameraSuspended')).toEqual([]);
    clock += 5_000;
    await report(classroom, WEAK_REPORT);
    const audioOnly = {
      participantId: classroom.participant.id,
      state: 'audioOnly',
      direction: 'uplink',
    };
    expect(notices(classroom, 'cameraSuspended')).toEqual([{ suspended: true }]);
    expect(notices(classroom, 'linkStateChanged')).toEqual([audioOnly]);
    expect(notices(tutor, 'linkStateChanged')).toEqual([audioOnly]);
    // Another class has no business with it; only the owner is told to stop its camera.
    expect(notices(otherClass, 'linkStateChanged')).toEqual([]);
    expect(notices(tutor, 'cameraSuspended')).toEqual([]);
    // The server paused nothing: every voice still flows, and the camera too on its side.
    for (const producer of producers.values()) expect(producer.paused).toBe(false);
    for (const id of heard) expect(consumers.get(id)?.paused).toBe(false);

    clock += FIRST_RETRY_MS;
    lesson.session.links.sample();
    expect(notices(classroom, 'cameraSuspended')).toEqual([
      { suspended: true },
      { suspended: false },
    ]);
    clock += 10_000;
    await report(classroom, STRONG_REPORT);
    const full = { participantId: classroom.participant.id, state: 'full', direction: null };
    expect(notices(tutor, 'linkStateChanged')).toEqual([audioOnly, full]);
    expect(notices(classroom, 'linkStateChanged')).toEqual([audioOnly, full]);
  });

  it('a tutor who joins later learns which classes are audio-only', async () => {
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    await report(classroom, WEAK_REPORT);
    await report(classroom, WEAK_REPORT);
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    expect(notices(tutor, 'linkStateChanged')).toEqual([
      { participantId: classroom.participant.id, state: 'audioOnly', direction: 'uplink' },
    ]);
  });

  it("never judges an inspector's line, and nobody hears of it", async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    const inspector = await joinMemory(lesson.session, 'inspector', 'IEN Dupont');
    const camera = await publish(tutor, 'camera');
    await watch(inspector, camera);
    await report(inspector, WEAK_REPORT);
    await report(inspector, WEAK_REPORT);
    for (let second = 0; second < 20; second++, clock += 1_000) lesson.session.links.sample();
    expect(lesson.session.links.summaryOf(inspector.participant.id)).toBeUndefined();
    for (const member of [tutor, classroom, inspector]) {
      expect(notices(member, 'linkStateChanged')).toEqual([]);
      expect(notices(member, 'cameraSuspended')).toEqual([]);
    }
  });

  it('does not call a line weak for a video that is not sent (a real, silent producer)', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    // No RTP ever reaches this producer: its consumer has no layer, and no starvation either.
    await watch(classroom, await publish(tutor, 'camera'));
    const room = await lesson.session.mediaRoom();
    expect(room.linkSample(classroom.participant.id)).toMatchObject({
      activeVideoConsumers: 0,
      starvedVideoConsumers: 0,
    });
    for (let second = 0; second < 20; second++, clock += 1_000) lesson.session.links.sample();
    expect(lesson.session.links.summaryOf(classroom.participant.id)).toEqual({
      state: 'full',
      direction: null,
    });
  });

  it("withholding a class's downlink pauses the video it receives, never the tutor's voice", async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    const voice = await watch(classroom, await publish(tutor, 'microphone'));
    const picture = await watch(classroom, await publish(tutor, 'camera'));
    const room = await lesson.session.mediaRoom();
    await room.setVideoDelivery(classroom.participant.id, 'withheld');
    expect(consumers.get(picture)?.paused).toBe(true);
    expect(consumers.get(voice)?.paused).toBe(false);
    await room.setVideoDelivery(classroom.participant.id, 'normal');
    expect(consumers.get(picture)?.paused).toBe(false);
    expect(consumers.get(voice)?.paused).toBe(false);
  });

  it('a probe lets only the lowest layer through, keeps what the class asks for, and gives it back', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    const voice = await watch(classroom, await publish(tutor, 'microphone'));
    const camera = await publish(tutor, 'camera');
    const picture = await watch(classroom, camera);
    const room = await lesson.session.mediaRoom();
    const id = classroom.participant.id;
    await room.setVideoDelivery(id, 'withheld');
    await room.setVideoDelivery(id, 'lowest');
    const consumer = consumers.get(picture)!;
    expect(consumer.paused).toBe(false);
    expect(consumer.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 0 });
    expect(consumers.get(voice)?.paused).toBe(false);
    // The page asks for the middle layer during the probe: it waits, and dynacast sees the wish.
    await ok(
      classroom.request('setConsumerPreferredLayers', { consumerId: picture, spatialLayer: 1 }),
    );
    expect(consumer.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 0 });
    expect(room.consumerDemands(camera)).toContainEqual(
      expect.objectContaining({ consumerId: picture, preferredSpatialLayer: 1, paused: false }),
    );
    await room.setVideoDelivery(id, 'normal');
    expect(consumer.preferredLayers?.spatialLayer).toBe(1);
    expect(consumer.paused).toBe(false);
  });

  it('a picture given back a step at a time gets no more than that step allows, and then what the class asked for', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    const camera = await publish(tutor, 'camera');
    const picture = await watch(classroom, camera);
    const room = await lesson.session.mediaRoom();
    const id = classroom.participant.id;
    const consumer = consumers.get(picture)!;
    const prefer = (spatialLayer: number) =>
      ok(classroom.request('setConsumerPreferredLayers', { consumerId: picture, spatialLayer }));
    await room.setVideoDelivery(id, 'withheld');
    await room.setVideoDelivery(id, 'lowest');
    await room.setVideoDelivery(id, { spatialAtMost: 0, temporalAtMost: 1 });
    expect(consumer.paused).toBe(false);
    expect(consumer.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 1 });
    await room.setVideoDelivery(id, { spatialAtMost: 0 });
    // The lowest spatial layer with all its frames (a probe had only a quarter of them).
    expect(consumer.preferredLayers?.spatialLayer).toBe(0);
    expect(consumer.preferredLayers?.temporalLayer).toBeGreaterThan(0);
    await room.setVideoDelivery(id, { spatialAtMost: 1 });
    expect(consumer.preferredLayers?.spatialLayer).toBe(1);
    // The class asks for less than allowed: it gets it; for more: it waits, dynacast sees it.
    await prefer(0);
    expect(consumer.preferredLayers?.spatialLayer).toBe(0);
    await prefer(2);
    expect(consumer.preferredLayers?.spatialLayer).toBe(1);
    expect(room.consumerDemands(camera)).toContainEqual(
      expect.objectContaining({ consumerId: picture, preferredSpatialLayer: 2 }),
    );
    await room.setVideoDelivery(id, 'normal');
    expect(consumer.preferredLayers?.spatialLayer).toBe(2);
  });

  it('a picture that appears during a probe starts on its lowest layer too', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    const room = await lesson.session.mediaRoom();
    await room.setVideoDelivery(classroom.participant.id, 'lowest');
    const picture = await watch(classroom, await publish(tutor, 'camera'));
    expect(consumers.get(picture)?.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 0 });
    await room.setVideoDelivery(classroom.participant.id, 'withheld');
    expect(consumers.get(picture)?.paused).toBe(true);
    expect(consumers.get(picture)?.preferredLayers?.spatialLayer).toBe(2);
  });

  it('a class that leaves is forgotten: no state outlives it, no message about it', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM2 Aubure');
    await report(classroom, WEAK_REPORT);
    await report(classroom, WEAK_REPORT);
    const room = await lesson.session.mediaRoom();
    room.removePeer(classroom.participant.id);
    lesson.session.leave(classroom.participant);
    lesson.session.links.sample();
    expect(lesson.session.links.summaryOf(classroom.participant.id)).toBeUndefined();
    expect(notices(tutor, 'linkStateChanged')).toHaveLength(1);
  });
});
