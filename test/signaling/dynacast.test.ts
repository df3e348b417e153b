import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../sfu';
import { LessonSession } from '../../signaling';
import {
  joinMemory,
  ok,
  publish,
  watch,
  type MemoryParticipant,
} from '../helpers/memoryParticipant';

/** What the sender's page was told last about `producerId` (undefined: nothing yet). */
function lastWanted(member: MemoryParticipant, producerId: string): number | null | undefined {
  const words = member.inbox
    .filter(([name]) => name === 'producerLayersWanted')
    .map(([, payload]) => payload as { producerId: string; maxSpatialLayer: number | null })
    .filter((payload) => payload.producerId === producerId);
  return words.at(-1)?.maxSpatialLayer;
}

const WAIT = { timeout: 10_000, interval: 50 };

describe('dynacast: the sender hears which layers anybody watches, and only that', () => {
  let pool: WorkerPool;
  let session: LessonSession;

  beforeEach(async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    session = await LessonSession.create({ id: 'dynacast', pool });
  });
  afterEach(async () => {
    session.close();
    await pool.close();
  });

  it('stops a camera nobody watches, lowers it for a thumbnail and raises it for the spotlight', async () => {
    const classroom = await joinMemory(session, 'classroom', 'CM2 B');
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const camera = await publish(classroom, 'camera');
    await expect.poll(() => lastWanted(classroom, camera), WAIT).toBeNull();

    const consumerId = await watch(tutor, camera);
    await expect.poll(() => lastWanted(classroom, camera), WAIT).toBe(2);
    await ok(tutor.request('setConsumerPreferredLayers', { consumerId, spatialLayer: 0 }));
    await expect.poll(() => lastWanted(classroom, camera), WAIT).toBe(0);
    await ok(tutor.request('setConsumerPreferredLayers', { consumerId, spatialLayer: 2 }));
    await expect.poll(() => lastWanted(classroom, camera), WAIT).toBe(2);
    // Only the camera's owner hears of its layers.
    expect(tutor.inbox.some(([name]) => name === 'producerLayersWanted')).toBe(false);
  });

  it("counts an inspector's view only up to the tutor's, unless the inspector enlarges the tile", async () => {
    const classroom = await joinMemory(session, 'classroom', 'CM2 B');
    const tutor = await joinMemory(session, 'tutor', 'Emily');
    const inspector = await joinMemory(session, 'inspector', 'IEN Dupont');
    const camera = await publish(classroom, 'camera');
    const tutorConsumer = await watch(tutor, camera);
    await ok(
      tutor.request('setConsumerPreferredLayers', { consumerId: tutorConsumer, spatialLayer: 0 }),
    );
    await expect.poll(() => lastWanted(classroom, camera), WAIT).toBe(0);

    // Another consumer's change forces a fresh computation that would include the inspector.
    const expectTutorAloneCounts = async () => {
      for (const spatialLayer of [1, 0]) {
        const prefer = { consumerId: tutorConsumer, spatialLayer };
        await ok(tutor.request('setConsumerPreferredLayers', prefer));
        await expect.poll(() => lastWanted(classroom, camera), WAIT).toBe(spatialLayer);
      }
    };

    // The inspector's consumer prefers the top layer by default: it must change nothing.
    const inspectorConsumer = await watch(inspector, camera);
    await ok(
      inspector.request('setConsumerPreferredLayers', {
        consumerId: inspectorConsumer,
        spatialLayer: 2,
      }),
    );
    await expectTutorAloneCounts();

    const enlarge = { consumerId: inspectorConsumer, spatialLayer: 2, enlarged: true };
    await ok(inspector.request('setConsumerPreferredLayers', enlarge));
    await expect.poll(() => lastWanted(classroom, camera), WAIT).toBe(2);
    await ok(inspector.request('setConsumerPreferredLayers', { ...enlarge, enlarged: false }));
    await expect.poll(() => lastWanted(classroom, camera), WAIT).toBe(0);

    // A hidden viewer enlarges only its own tiles: another inspector's consumer id changes nothing.
    const otherInspector = await joinMemory(session, 'inspector', 'CPC Martin');
    const stolen = { consumerId: inspectorConsumer, spatialLayer: 2, enlarged: true };
    expect((await otherInspector.request('setConsumerPreferredLayers', stolen)).ok).toBe(false);
    await expectTutorAloneCounts();

    // Nothing the classroom received names the inspector.
    const everything = JSON.stringify(classroom.inbox);
    expect(everything).not.toContain(inspector.participant.id);
    expect(everything).not.toContain(inspectorConsumer);
  });
});
