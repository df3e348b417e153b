import { describe, expect, it } from 'vitest';
import { CONSUMER_PRIORITY } from '../../signaling/mediaPriority';
import { joinMemory, publish, watch } from '../helpers/memoryParticipant';
import { useObservedLesson } from '../helpers/observedLesson';

/*
 * Issue 9, item 3: a receiver's bandwidth goes first to what the lesson needs most. The
 * oracle is mediasoup's own Consumer objects (seen through its observer), whose priority
 * is what the worker acknowledged.
 */
describe('consumer priorities follow the lesson', () => {
  const lesson = useObservedLesson('priorities');

  it("puts the tutor's voice first, her screen above her camera, and classes after", async () => {
    const tutor = await joinMemory(lesson.session, 'tutor', 'Emily');
    const classroom = await joinMemory(lesson.session, 'classroom', 'CM1 A');
    const otherClass = await joinMemory(lesson.session, 'classroom', 'CM2 B');
    const inspector = await joinMemory(lesson.session, 'inspector', 'IEN Dupont');
    const tutorVoice = await publish(tutor, 'microphone');
    const tutorCamera = await publish(tutor, 'camera');
    const tutorScreen = await publish(tutor, 'screen');
    const classCamera = await publish(otherClass, 'camera');

    const priorityOf = async (consumerId: Promise<string>) =>
      lesson.consumers.get(await consumerId)?.priority;
    expect(await priorityOf(watch(classroom, tutorVoice))).toBe(CONSUMER_PRIORITY.audio);
    expect(await priorityOf(watch(classroom, tutorScreen))).toBe(CONSUMER_PRIORITY.tutorScreen);
    expect(await priorityOf(watch(classroom, tutorCamera))).toBe(CONSUMER_PRIORITY.tutorCamera);
    expect(await priorityOf(watch(tutor, classCamera))).toBe(CONSUMER_PRIORITY.classCamera);
    // The inspector's consumers follow the same rule on its own transport.
    expect(await priorityOf(watch(inspector, tutorCamera))).toBe(CONSUMER_PRIORITY.tutorCamera);
    expect(CONSUMER_PRIORITY.audio).toBeGreaterThan(CONSUMER_PRIORITY.tutorScreen);
    expect(CONSUMER_PRIORITY.tutorScreen).toBeGreaterThan(CONSUMER_PRIORITY.tutorCamera);
    expect(CONSUMER_PRIORITY.tutorCamera).toBeGreaterThan(CONSUMER_PRIORITY.classCamera);
  });
});
