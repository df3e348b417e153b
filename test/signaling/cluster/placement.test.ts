import { describe, expect, it } from 'vitest';
import {
  LessonPlacement,
  NodeDirectory,
  clusterKeys,
  type NodeAnnouncement,
} from '../../../signaling/cluster';
import { commandCounts, commandsBetween, twoNodesOnOneRedis, waitUntil } from '../../helpers/redis';

const TTL_MS = 300;

function announcement(id: string, load: Partial<NodeAnnouncement> = {}): NodeAnnouncement {
  return {
    id,
    url: `http://${id}.test`,
    mediaAddress: '127.0.0.1',
    workerCpuPercent: 0,
    participants: 0,
    workers: 1,
    ...load,
  };
}

const redis = twoNodesOnOneRedis();

describe('NodeDirectory', () => {
  it('forgets a node that stops heartbeating, and keeps one that beats', async () => {
    const directory = new NodeDirectory(redis.a, TTL_MS);
    await directory.announce(announcement('a'));
    await directory.announce(announcement('b'));
    expect((await directory.live()).map((node) => node.id).sort()).toEqual(['a', 'b']);
    // b beats on, a falls silent: a's entry expires by itself (Redis TTL).
    const beat = setInterval(() => void directory.announce(announcement('b')), TTL_MS / 3);
    try {
      await waitUntil(async () => (await directory.get('a')) === undefined, 'a to expire');
      expect((await directory.live()).map((node) => node.id)).toEqual(['b']);
      expect(await redis.a.smembers(clusterKeys.nodes)).toEqual(['b']);
    } finally {
      clearInterval(beat);
    }
  });

  it('picks the least loaded node, by worker CPU then participants per worker', async () => {
    const directory = new NodeDirectory(redis.a, 10_000);
    await directory.announce(announcement('busy-cpu', { workerCpuPercent: 80 }));
    await directory.announce(announcement('crowded', { participants: 40, workers: 2 }));
    await directory.announce(announcement('quiet', { participants: 3 }));
    expect((await directory.leastLoaded())?.id).toBe('quiet');
  });

  it('counts a malformed announcement as absent', async () => {
    const directory = new NodeDirectory(redis.a, 10_000);
    await redis.a.set(clusterKeys.node('forged'), '{"id":"forged"}');
    await redis.a.sadd(clusterKeys.nodes, 'forged');
    await directory.announce(announcement('real'));
    expect((await directory.live()).map((node) => node.id)).toEqual(['real']);
  });
});

describe('LessonPlacement', () => {
  it('two nodes racing to place the same lessons agree on one owner each', async () => {
    const directoryA = new NodeDirectory(redis.a, 10_000);
    const directoryB = new NodeDirectory(redis.b, 10_000);
    await directoryA.announce(announcement('a'));
    await directoryB.announce(announcement('b'));
    const a = new LessonPlacement(redis.a, directoryA, { id: 'a', url: 'http://a.test' }, 10_000);
    const b = new LessonPlacement(redis.b, directoryB, { id: 'b', url: 'http://b.test' }, 10_000);
    const lessons = Array.from({ length: 40 }, (_, index) => `lesson-${index}`);
    const answers = await Promise.all(
      lessons.map(async (id) => [await a.place(id), await b.place(id)] as const),
    );
    const raced = await Promise.all(
      lessons.map((id) => Promise.all([a.place(`r-${id}`), b.place(`r-${id}`)])),
    );
    for (const [fromA, fromB] of [...answers, ...raced]) {
      // Exactly one of the two is told "here"; the other is sent to it.
      expect([fromA.kind, fromB.kind].sort()).toEqual(['here', 'moved']);
      if (fromA.kind === 'moved') expect(fromA.node).toEqual({ id: 'b', url: 'http://b.test' });
      if (fromB.kind === 'moved') expect(fromB.node).toEqual({ id: 'a', url: 'http://a.test' });
    }
  });

  it("moves a dead owner's lesson to the node asking, before the lesson key expires", async () => {
    const directoryA = new NodeDirectory(redis.a, TTL_MS);
    const directoryB = new NodeDirectory(redis.b, 60_000);
    await directoryA.announce(announcement('a'));
    await directoryB.announce(announcement('b', { workerCpuPercent: 90 }));
    const a = new LessonPlacement(redis.a, directoryA, { id: 'a' }, 60_000);
    const b = new LessonPlacement(redis.b, directoryB, { id: 'b' }, 60_000);
    expect(await b.place('lesson')).toEqual({
      kind: 'moved',
      node: { id: 'a', url: 'http://a.test' },
    });
    expect(await a.place('lesson')).toEqual({ kind: 'here' });
    // a stops heartbeating: its announcement expires, the lesson key (60 s) does not.
    await waitUntil(async () => (await directoryB.get('a')) === undefined, 'a to expire');
    expect(await b.place('lesson')).toEqual({ kind: 'here' });
    expect(await redis.a.get(clusterKeys.lesson('lesson'))).toBe('b');
  });

  it('renews what the owner holds, takes back a lapsed key and names a lesson taken', async () => {
    const directoryA = new NodeDirectory(redis.a, 60_000);
    await directoryA.announce(announcement('a'));
    await directoryA.announce(announcement('b'));
    const a = new LessonPlacement(redis.a, directoryA, { id: 'a' }, 60_000);
    await redis.a.set(clusterKeys.lesson('kept'), 'a', 'PX', 500);
    await redis.a.set(clusterKeys.lesson('taken'), 'b');
    expect(await a.renew(['kept', 'lapsed', 'taken'])).toEqual(['taken']);
    expect(await redis.a.pttl(clusterKeys.lesson('kept'))).toBeGreaterThan(1_000);
    expect(await redis.a.get(clusterKeys.lesson('lapsed'))).toBe('a');
    await a.release('kept');
    await a.release('taken'); // not a's: left alone
    expect(await redis.a.get(clusterKeys.lesson('kept'))).toBeNull();
    expect(await redis.a.get(clusterKeys.lesson('taken'))).toBe('b');
  });
});

describe('what Redis carries (figures for the capacity table, printed)', () => {
  it('counts the commands of a heartbeat, a first join and a later join', async () => {
    const directory = new NodeDirectory(redis.a, 60_000);
    const placement = new LessonPlacement(redis.a, directory, { id: 'a' }, 60_000);
    await directory.announce(announcement('a'));
    await directory.announce(announcement('b', { workerCpuPercent: 50 }));
    const lessons = Array.from({ length: 10 }, (_, index) => `lesson-${index}`);
    // Loads the scripts (EVALSHA's first NOSCRIPT) and places the lessons the node renews.
    await placement.place('warm-up');
    await placement.renew(lessons);
    const spent = async (work: () => Promise<unknown>) => {
      const before = await commandCounts(redis.b);
      await work();
      return commandsBetween(before, await commandCounts(redis.b));
    };
    const heartbeat = await spent(async () => {
      await directory.announce(announcement('a'));
      await placement.renew(lessons);
    });
    const firstJoin = await spent(() => placement.place('new-lesson'));
    const laterJoin = await spent(() => placement.place('new-lesson'));
    /** What the node sends (round trips' worth); scripts' own commands run inside Redis. */
    const sent = (counts: Record<string, number>) =>
      (counts.evalsha ?? 0) + (counts.smembers ?? 0) + (counts.mget ?? 0) + (counts.sadd ?? 0);
    process.stdout.write(
      `redis commands: heartbeat (10 lessons) ${JSON.stringify(heartbeat)}, ` +
        `first join of a lesson ${JSON.stringify(firstJoin)}, ` +
        `later join ${JSON.stringify(laterJoin)}\n`,
    );
    // Heartbeat: SET + SADD + the renewal script; a join: the claim script (4 calls the first time).
    expect([sent(heartbeat) + 1, sent(firstJoin), sent(laterJoin)]).toEqual([3, 4, 1]);
  });
});
