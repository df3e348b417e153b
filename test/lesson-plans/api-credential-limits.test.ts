import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_MATERIAL_QUOTA_BYTES } from '../../lesson-plans/api/plan-handlers';
import type { TestApi } from './harness';
import { COORDINATOR, NOW, OLIVER, clock, startApi } from './harness';

const SESSION = 'slot-ecole-curie-cm1@2026-11-30';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Distinct bytes each time (materials are stored once per content), sniffed as PNG. */
function pngForm(name: string, bytes: number) {
  const body = new Uint8Array(bytes);
  body.set(PNG_SIGNATURE);
  body.set(randomBytes(64), PNG_SIGNATURE.length);
  const form = new FormData();
  form.append('name', name);
  form.append('kind', 'image');
  form.append('file', new Blob([body], { type: 'image/png' }), `${name}.png`);
  return form;
}

describe('credential and quota limits of issue 8', () => {
  let api: TestApi;
  beforeAll(async () => {
    clock.now = NOW;
    api = await startApi();
  });
  afterAll(async () => {
    clock.now = NOW;
    await api?.close();
  });

  it('a calendar feed expires at the end of its school year: listed, then answered 404', async () => {
    const created = await api.call(COORDINATOR, 'POST', '/feeds', {
      kind: 'tutor',
      id: 'tutor-emily',
    });
    expect(created.status).toBe(201);
    const { url, feedId, expiresAt } = created.body as {
      url: string;
      feedId: string;
      expiresAt: string;
    };
    const year = (await api.store.listSchoolYears()).find((y) => y.endDate >= '2026-11-28')!;
    expect(expiresAt).toBe(`${year.endDate}T23:59:59.000Z`);
    const listed = await api.call(COORDINATOR, 'GET', '/feeds');
    const feeds = (listed.body as { feeds: { feedId: string; expiresAt: string }[] }).feeds;
    expect(feeds.find((feed) => feed.feedId === feedId)?.expiresAt).toBe(expiresAt);

    expect((await fetch(url.replace(/^.*\/feeds\//, `${api.baseUrl}/feeds/`))).status).toBe(200);
    clock.now = new Date(Date.parse(expiresAt) + 1000);
    const expired = await fetch(url.replace(/^.*\/feeds\//, `${api.baseUrl}/feeds/`));
    clock.now = NOW;
    expect(expired.status).toBe(404);
    const error = ((await expired.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/expired/);
  });

  it('a lesson plan may not reference more than its quota of material bytes (conflict)', async () => {
    const size = 4 * 1024 * 1024 + 512 * 1024;
    const ids: string[] = [];
    while (ids.length * size <= PLAN_MATERIAL_QUOTA_BYTES) {
      const uploaded = await api.raw(OLIVER, 'POST', '/materials', {
        body: pngForm(`song-${ids.length}`, size),
      });
      expect(uploaded.status).toBe(201);
      ids.push(((await uploaded.json()) as { material: { id: string } }).material.id);
    }
    const plan = await api.call(OLIVER, 'GET', `/sessions/${SESSION}/plan`);
    const version = (plan.body as { plan: { version: number } }).plan.version;
    const within = ids.slice(0, -1);
    const fits = await api.call(OLIVER, 'PUT', `/sessions/${SESSION}/plan`, {
      materialIds: within,
      expectedVersion: version,
    });
    expect(fits.status).toBe(200);
    const over = await api.call(OLIVER, 'PUT', `/sessions/${SESSION}/plan`, {
      materialIds: ids,
      expectedVersion: version + 1,
    });
    expect(over.status).toBe(409);
    expect(over.body.error?.code).toBe('conflict');
    expect(over.body.error?.details).toMatchObject({
      quota: 'plan_materials',
      limitBytes: PLAN_MATERIAL_QUOTA_BYTES,
    });
    const after = await api.call(OLIVER, 'GET', `/sessions/${SESSION}/plan`);
    expect((after.body as { plan: { materialIds: string[] } }).plan.materialIds).toEqual(within);
  });
});
