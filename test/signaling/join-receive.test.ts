import { describe, expect, it } from 'vitest';
import { CONSUMER_PRIORITY } from '../../signaling/mediaPriority';
import type { ResponseData } from '../../signaling/protocol';
import { joinMemory, memoryParticipant, ok, publish } from '../helpers/memoryParticipant';
import { useObservedLesson } from '../helpers/observedLesson';

type JoinAnswer = ResponseData<'joinSession'>;

/*
 * Issue 14, "first frame fast": a join with `receive` comes back with the recv transport and
 * the consumers of what the role receives, already flowing on their lowest layer, instead of
 * one round trip per step after the join. The oracle is mediasoup's own objects (observer).
 */
describe('a join that prepares receiving', () => {
  const lesson = useObservedLesson('join-receive');
  const { consumers } = lesson;

  async function join(
    role: 'classroom' | 'inspector' | 'tutor',
    name: string,
    receive?: boolean,
    receiveDtls?: unknown,
  ) {
    const member = memoryParticipant(lesson.session, role, name);
    const room = await lesson.session.mediaRoom();
    const payload = { rtpCapabilities: room.rtpCapabilities, receive, receiveDtls };
    const answer = await ok<JoinAnswer>(member.request('joinSession', payload));
    return { member, answer };
  }

  it('hands a classroom the tutor and every voice, flowing on the lowest layer', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const otherClass = await joinMemory(lesson.session, 'classroom', 'CM2 B');
    const tutorVoice = await publish(tutor, 'microphone');
    const tutorCamera = await publish(tutor, 'camera');
    const classVoice = await publish(otherClass, 'microphone');
    await publish(otherClass, 'camera'); // a whiteboard never shows another class

    const { answer } = await join('classroom', 'CM1 A', true);
    const receiving = answer.receiving!;
    expect(receiving.transport.iceCandidates.length).toBeGreaterThan(0);
    expect(receiving.consumers.map((c) => c.producerId).sort()).toEqual(
      [tutorVoice, tutorCamera, classVoice].sort(),
    );
    for (const { consumerId, kind, source } of receiving.consumers) {
      const consumer = consumers.get(consumerId)!;
      expect(consumer.paused).toBe(false);
      expect(consumer.priority).toBe(
        kind === 'audio' ? CONSUMER_PRIORITY.audio : CONSUMER_PRIORITY.tutorCamera,
      );
      if (source === 'camera') expect(consumer.preferredLayers?.spatialLayer).toBe(0);
    }
  });

  it("hands the tutor and an inspector every class's camera", async () => {
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM1 A');
    const classCamera = await publish(classroom, 'camera');
    const inspector = await join('inspector', 'IEN Dupont', true);
    expect(inspector.answer.receiving!.consumers.map((c) => c.producerId)).toEqual([classCamera]);
    const tutor = await join('tutor', 'Emily', true);
    expect(tutor.answer.receiving!.consumers.map((c) => c.producerId)).toEqual([classCamera]);
    // A second recv transport is refused: the page's step-by-step path sees the one it has.
    const again = await tutor.member.request('createTransport', { direction: 'recv' });
    expect(again.ok).toBe(false);
  });

  it('prepares nothing unless asked, as older pages and the memory tests join', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    await publish(tutor, 'camera');
    const { answer } = await join('classroom', 'CM1 A');
    expect(answer.receiving).toBeUndefined();
    expect(consumers.size).toBe(0);
  });

  // Attacks on the join's `receive`: what one client can make it cost and what it reveals.
  it('costs one recv transport and one consumer per producer, however often it is asked', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const camera = await publish(tutor, 'camera');
    const { member, answer } = await join('classroom', 'CM1 A', true);
    const created = consumers.size;
    const room = await lesson.session.mediaRoom();
    const again = await member.request('joinSession', {
      rtpCapabilities: room.rtpCapabilities,
      receive: true,
    });
    expect(again.ok).toBe(false);
    const twice = await member.request('consume', {
      transportId: answer.receiving!.transport.id,
      producerId: camera,
    });
    expect(twice.ok).toBe(false);
    expect(consumers.size).toBe(created);
  });

  it('refuses a malformed receive before anything is created or announced', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    await publish(tutor, 'camera');
    const before = tutor.inbox.length;
    const member = memoryParticipant(lesson.session, 'classroom', 'CM1 A');
    const room = await lesson.session.mediaRoom();
    const answer = await member.request('joinSession', {
      rtpCapabilities: room.rtpCapabilities,
      receive: 'yes',
    });
    expect(answer.ok || answer.error.code).toBe('invalid_request');
    expect(consumers.size).toBe(0);
    expect(tutor.inbox.length).toBe(before);
  });

  it('lets an inspector prepare receiving without anyone learning of it', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM1 A');
    await publish(tutor, 'camera');
    await publish(classroom, 'camera');
    const seen = [tutor.inbox.length, classroom.inbox.length];
    const { member, answer } = await join('inspector', 'IEN Dupont', true);
    expect(answer.receiving!.consumers).toHaveLength(2);
    expect([tutor.inbox.length, classroom.inbox.length]).toEqual(seen);
    const told = JSON.stringify([...tutor.inbox, ...classroom.inbox]);
    expect(told).not.toContain(member.participant.id);
  });

  // `receiveDtls`: the page's certificate fingerprint, so the join connects the transport too.
  const PAGE_DTLS = {
    role: 'client',
    fingerprints: [{ algorithm: 'sha-256', value: 'ab:'.repeat(31) + 'ab' }],
  };

  it('connects the prepared transport with the DTLS parameters the page sent', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    await publish(tutor, 'camera');
    const { member, answer } = await join('classroom', 'CM1 A', true, PAGE_DTLS);
    const receiving = answer.receiving!;
    expect(receiving.connected).toBe(true);
    expect(receiving.consumers).toHaveLength(1);
    // Connected already: the page's step-by-step connect is refused (mediasoup connects once).
    const again = await member.request('connectTransport', {
      transportId: receiving.transport.id,
      dtlsParameters: PAGE_DTLS,
    });
    expect(again.ok).toBe(false);
  });

  it('leaves the transport to connectTransport without DTLS parameters, as before', async () => {
    const { member, answer } = await join('classroom', 'CM1 A', true);
    expect(answer.receiving!.connected).toBeUndefined();
    const connect = await member.request('connectTransport', {
      transportId: answer.receiving!.transport.id,
      dtlsParameters: PAGE_DTLS,
    });
    expect(connect.ok).toBe(true);
  });

  it('creates and connects nothing for DTLS parameters without receive', async () => {
    const { member, answer } = await join('classroom', 'CM1 A', undefined, PAGE_DTLS);
    expect(answer.receiving).toBeUndefined();
    // One recv transport per participant: the join made none if the page may still make it.
    const created = await member.request('createTransport', { direction: 'recv' });
    expect(created.ok).toBe(true);
  });

  it('refuses malformed DTLS parameters before anything is created or announced', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    await publish(tutor, 'camera');
    const before = tutor.inbox.length;
    const bad = { role: 'client', fingerprints: [] };
    const member = memoryParticipant(lesson.session, 'classroom', 'CM1 A');
    const room = await lesson.session.mediaRoom();
    const answer = await member.request('joinSession', {
      rtpCapabilities: room.rtpCapabilities,
      receive: true,
      receiveDtls: bad,
    });
    expect(answer.ok || answer.error.code).toBe('invalid_request');
    expect(consumers.size).toBe(0);
    expect(tutor.inbox.length).toBe(before);
  });

  it('lets an inspector connect within its join without anyone learning of it', async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    await publish(tutor, 'camera');
    const seen = tutor.inbox.length;
    const { member, answer } = await join('inspector', 'IEN Dupont', true, PAGE_DTLS);
    expect(answer.receiving!.connected).toBe(true);
    expect(tutor.inbox.length).toBe(seen);
    expect(JSON.stringify(tutor.inbox)).not.toContain(member.participant.id);
  });
});
