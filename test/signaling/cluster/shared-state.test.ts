import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { redisCheckLedger, redisEntState } from '../../../signaling/cluster';
import { CHECKS_PER_HOUR, CheckGate } from '../../../signaling/probe';
import { twoNodesOnOneRedis } from '../../helpers/redis';

const redis = twoNodesOnOneRedis();

describe('readiness checks on two nodes share one gate', () => {
  it('refuses a second running check of a classroom on the other node (conflict)', async () => {
    const gateA = new CheckGate({ ledger: redisCheckLedger(redis.a) });
    const gateB = new CheckGate({ ledger: redisCheckLedger(redis.b) });
    const release = await gateA.begin('class-1');
    await expect(gateB.begin('class-1')).rejects.toMatchObject({ code: 'conflict' });
    await expect(gateB.begin('class-2')).resolves.toBeTypeOf('function');
    release();
    await expect.poll(async () => redis.a.exists('passerelle:check:running:class-1')).toBe(0);
    (await gateB.begin('class-1'))();
  });

  it('counts the hourly budget across both nodes (unavailable)', async () => {
    const gateA = new CheckGate({ ledger: redisCheckLedger(redis.a) });
    const gateB = new CheckGate({ ledger: redisCheckLedger(redis.b) });
    for (let index = 0; index < CHECKS_PER_HOUR; index++) {
      const gate = index % 2 === 0 ? gateA : gateB;
      const release = await gate.begin('class-1');
      release();
      await expect.poll(async () => redis.a.exists('passerelle:check:running:class-1')).toBe(0);
    }
    await expect(gateA.begin('class-1')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(gateB.begin('class-1')).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('an ENT sign-in started on one node finishes on the other', () => {
  const flowSchema = z.object({ provider: z.string() });

  it('takes a flow set on the other node once, and refuses a forged entry', async () => {
    const flowsA = redisEntState(redis.a).entries('flow', 60_000, flowSchema);
    const flowsB = redisEntState(redis.b).entries('flow', 60_000, flowSchema);
    await flowsA.set('flow-1', { provider: 'ent' });
    const [first, second] = await Promise.all([flowsB.take('flow-1'), flowsA.take('flow-1')]);
    expect([first, second].filter((taken) => taken !== undefined)).toEqual([{ provider: 'ent' }]);
    await redis.a.set('passerelle:entry:flow:forged', '{"provider":42}');
    expect(await flowsB.take('forged')).toBeUndefined();
  });

  it('lets a CAS ticket be claimed once across nodes, and an entry end with its TTL', async () => {
    const seenA = redisEntState(redis.a).entries('cas-ticket', 200, z.literal(true));
    const seenB = redisEntState(redis.b).entries('cas-ticket', 200, z.literal(true));
    const claims = await Promise.all([seenA.claim('t'), seenB.claim('t'), seenB.claim('t')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await expect.poll(() => seenA.claim('t'), { timeout: 5_000 }).toBe(true);
  });

  it('shares the callbacks’ rate budget per client address', async () => {
    let now = 1_000_000;
    const budgetA = redisEntState(redis.a, () => now).budget('signin', 3, 60_000);
    const budgetB = redisEntState(redis.b, () => now).budget('signin', 3, 60_000);
    const answers = [];
    for (const budget of [budgetA, budgetB, budgetA, budgetB])
      answers.push(await budget.allow('10.0.0.1'));
    expect(answers).toEqual([true, true, true, false]);
    expect(await budgetB.allow('10.0.0.2')).toBe(true);
    now += 60_000; // the next window
    expect(await budgetA.allow('10.0.0.1')).toBe(true);
  });
});
