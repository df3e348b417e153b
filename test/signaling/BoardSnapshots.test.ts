import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { seedDemoData, type PlanningStore } from '../../lesson-plans';
import { WorkerPool } from '../../sfu';
import { SessionRegistry, createLogger } from '../../signaling';
import { BoardSnapshots } from '../../signaling/board/BoardSnapshots';
import type { LessonSession } from '../../signaling/LessonSession';
import { BOARD_ITEMS } from '../../signaling/protocol';
import { openTestStore } from '../helpers/planningStore';

const INTERVAL_MS = 3_000;

function itemLabels(update: Uint8Array): string[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const labels = doc
    .getArray<Y.Map<unknown>>(BOARD_ITEMS)
    .toArray()
    .map((item) => String(item.get('label')));
  doc.destroy();
  return labels;
}

function place(session: LessonSession, word: string): void {
  session.board.place({ type: 'flashcard', materialId: 'm-1', word });
}

describe('BoardSnapshots: a planned lesson board kept in the store', () => {
  let pool: WorkerPool;
  let store: PlanningStore;
  let saved: string[];
  const registries: SessionRegistry[] = [];
  const keepers: BoardSnapshots[] = [];

  /** A "process": its registry and snapshot keeper, on the shared store. */
  function startProcess(): SessionRegistry {
    const counting = {
      ...store,
      saveBoardSnapshot: (sessionId: string, state: Uint8Array) => {
        saved.push(sessionId);
        return store.saveBoardSnapshot(sessionId, state);
      },
    };
    const snapshots = new BoardSnapshots(counting, createLogger('silent'), {
      intervalMs: INTERVAL_MS,
    });
    const registry = new SessionRegistry({ pool, restore: snapshots.restore });
    snapshots.watch(registry);
    registries.push(registry);
    keepers.push(snapshots);
    return registry;
  }

  beforeEach(async () => {
    // Only the save interval is faked: the test decides when it ticks.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    store = await openTestStore();
    await seedDemoData(store);
    saved = [];
  });
  afterEach(async () => {
    for (const keeper of keepers.splice(0)) await keeper.close();
    for (const registry of registries.splice(0)) await registry.close();
    vi.useRealTimers();
    await pool.close();
    await store.close();
  });

  async function storedLabels(sessionId: string): Promise<string[]> {
    const loaded = await store.loadBoardSnapshot(sessionId);
    return loaded.ok && loaded.value ? itemLabels(loaded.value.state) : [];
  }

  it('writes a changed board once per interval, nothing while it is unchanged', async () => {
    const [planned] = await store.listSessions({});
    const session = await startProcess().open(planned!.id);
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(saved).toEqual([]);

    place(session, 'cat');
    place(session, 'dog');
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(saved).toEqual([planned!.id]);
    await expect.poll(() => storedLabels(planned!.id)).toEqual(['cat', 'dog']);

    vi.advanceTimersByTime(INTERVAL_MS * 3);
    expect(saved).toEqual([planned!.id]);
  });

  it('starts a lesson opened again (another process) from its snapshot', async () => {
    const [planned] = await store.listSessions({});
    const first = await startProcess().open(planned!.id);
    place(first, 'sun');
    vi.advanceTimersByTime(INTERVAL_MS);
    await expect.poll(() => storedLabels(planned!.id)).toEqual(['sun']);

    const second = await startProcess().open(planned!.id);
    expect(itemLabels(second.board.snapshot())).toEqual(['sun']);
  });

  it('keeps nothing of a lesson off the timetable', async () => {
    const session = await startProcess().open('ad-hoc-lesson');
    place(session, 'rain');
    vi.advanceTimersByTime(INTERVAL_MS * 2);
    expect(saved).toEqual([]);
  });

  it('opens the lesson with an empty board when its snapshot is damaged', async () => {
    const [planned] = await store.listSessions({});
    expect((await store.saveBoardSnapshot(planned!.id, Uint8Array.of(1, 2, 3, 4))).ok).toBe(true);
    const session = await startProcess().open(planned!.id);
    expect(itemLabels(session.board.snapshot())).toEqual([]);
    // It is still kept: the next change replaces the damaged snapshot.
    place(session, 'snow');
    vi.advanceTimersByTime(INTERVAL_MS);
    await expect.poll(() => storedLabels(planned!.id)).toEqual(['snow']);
  });

  it('writes the board when the lesson empties and at shutdown, without waiting for the interval', async () => {
    const [planned] = await store.listSessions({});
    const registry = startProcess();
    const session = await registry.open(planned!.id);
    place(session, 'moon');
    await keepers[0]!.close();
    expect(saved).toEqual([planned!.id]);
    expect(await storedLabels(planned!.id)).toEqual(['moon']);
  });
});
