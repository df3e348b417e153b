import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from './harness';
import { COORDINATOR, EMILY, INSPECTOR, MME_ROUX, OLIVER, startApi } from './harness';

const SESSION = 'slot-ecole-curie-cm1@2026-11-30';
const PNG: Uint8Array<ArrayBuffer> = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3,
]);

function upload(name: string, kind: string, bytes: Uint8Array<ArrayBuffer>, type: string) {
  const form = new FormData();
  form.append('name', name);
  form.append('kind', kind);
  form.append('file', new Blob([bytes], { type }), `${name}.bin`);
  return form;
}

describe('lesson plan API', () => {
  let api: TestApi;
  let version = 0;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('GET /sessions/:id/plan returns the seeded plan to tutor, teacher and inspector', async () => {
    for (const who of [OLIVER, MME_ROUX, INSPECTOR]) {
      const response = await api.call(who, 'GET', `/sessions/${SESSION}/plan`);
      expect(response.status).toBe(200);
      expect((response.body.plan as { activities: unknown[] }).activities.length).toBe(5);
      version = (response.body.plan as { version: number }).version;
    }
    expect((await api.call(EMILY, 'GET', `/sessions/${SESSION}/plan`)).status).toBe(404);
  });

  it('PUT /sessions/:id/plan lets the teacher add a handover note and records who did', async () => {
    const response = await api.call(MME_ROUX, 'PUT', `/sessions/${SESSION}/plan`, {
      expectedVersion: version,
      handoverNote: 'Revise colours on Thursday.',
    });
    expect(response.body.plan).toMatchObject({
      handoverNote: 'Revise colours on Thursday.',
      version: version + 1,
    });
    version += 1;
  });

  it('PUT refuses a stale version (409), activities over 30 minutes (400), inspectors (403)', async () => {
    const stale = await api.call(OLIVER, 'PUT', `/sessions/${SESSION}/plan`, {
      expectedVersion: 0,
      objectives: ['I can count.'],
    });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    const tooLong = await api.call(OLIVER, 'PUT', `/sessions/${SESSION}/plan`, {
      expectedVersion: version,
      activities: [
        { title: 'Song', minutes: 20 },
        { title: 'Game', minutes: 11 },
      ],
    });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body.error?.details)).toMatch(/30 minutes/);
    expect(
      (await api.call(INSPECTOR, 'PUT', `/sessions/${SESSION}/plan`, { expectedVersion: version }))
        .status,
    ).toBe(403);
    expect(
      (
        await api.call(OLIVER, 'PUT', `/sessions/${SESSION}/plan`, {
          expectedVersion: version,
          colour: 'red',
        })
      ).status,
    ).toBe(400);
    const unknownMaterial = await api.call(OLIVER, 'PUT', `/sessions/${SESSION}/plan`, {
      expectedVersion: version,
      materialIds: ['material-nope'],
    });
    expect(unknownMaterial.status).toBe(400);
    expect((await api.call(OLIVER, 'GET', `/sessions/${SESSION}/plan`)).body.plan).toMatchObject({
      version,
    });
  });

  it('GET /sessions/:id/plan/history tells who changed what, when', async () => {
    const response = await api.call(INSPECTOR, 'GET', `/sessions/${SESSION}/plan/history`);
    const history = response.body.history as Array<{
      version: number;
      changedBy: { userId: string };
      changes: Array<{ field: string; after: unknown }>;
    }>;
    expect(history.map((h) => h.version)).toEqual([1, 2]);
    expect(history[1]).toMatchObject({
      changedBy: { userId: 'teacher-ecole-curie-1', role: 'teacher' },
      changes: [{ field: 'handoverNote', before: null, after: 'Revise colours on Thursday.' }],
    });
  });

  let materialId = '';
  it('POST /materials stores a file once (same bytes, same id) and checks type and presence', async () => {
    const first = await api.raw(OLIVER, 'POST', '/materials', {
      body: upload('colours', 'flashcard', PNG, 'image/png'),
    });
    expect(first.status).toBe(201);
    materialId = ((await first.json()) as { material: { id: string } }).material.id;
    const again = await api.raw(MME_ROUX, 'POST', '/materials', {
      body: upload('colours-again', 'flashcard', PNG, 'image/png'),
    });
    expect(((await again.json()) as { material: { id: string } }).material.id).toBe(materialId);
    const exe = await api.raw(OLIVER, 'POST', '/materials', {
      body: upload('virus', 'image', PNG, 'application/x-msdownload'),
    });
    expect(exe.status).toBe(400);
    const noFile = new FormData();
    noFile.append('name', 'x');
    expect((await api.raw(OLIVER, 'POST', '/materials', { body: noFile })).status).toBe(400);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    expect(
      (
        await api.raw(OLIVER, 'POST', '/materials', {
          body: upload('big', 'audio', big, 'audio/mpeg'),
        })
      ).status,
    ).toBe(413);
    expect(
      (
        await api.raw(INSPECTOR, 'POST', '/materials', {
          body: upload('i', 'image', PNG, 'image/png'),
        })
      ).status,
    ).toBe(403);
  });

  it('GET /materials and /materials/:id/content serve the stored bytes', async () => {
    expect((await api.call(INSPECTOR, 'GET', '/materials')).body.materials).toHaveLength(1);
    const content = await api.raw(MME_ROUX, 'GET', `/materials/${materialId}/content`);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(PNG);
    expect((await api.raw(MME_ROUX, 'GET', '/materials/material-nope/content')).status).toBe(404);
  });

  it('POST /templates saves a plan as template; apply-template reuses it in another class', async () => {
    await api.call(OLIVER, 'PUT', `/sessions/${SESSION}/plan`, {
      expectedVersion: version,
      materialIds: [materialId],
    });
    const created = await api.call(OLIVER, 'POST', '/templates', {
      name: 'Colours',
      level: 'CM1',
      fromSessionId: SESSION,
    });
    expect(created.status).toBe(201);
    const templateId = (created.body.template as { id: string }).id;
    expect(
      (await api.call(OLIVER, 'POST', '/templates', { name: '', fromSessionId: SESSION })).status,
    ).toBe(400);
    expect(
      (await api.call(EMILY, 'POST', '/templates', { name: 'Steal', fromSessionId: SESSION }))
        .status,
    ).toBe(404);
    expect((await api.call(EMILY, 'GET', '/templates')).body.templates).toHaveLength(1);
    const target = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-11-30';
    const applied = await api.call(EMILY, 'POST', `/sessions/${target}/plan/apply-template`, {
      templateId,
      expectedVersion: 1,
    });
    expect(applied.body.plan).toMatchObject({ materialIds: [materialId], version: 2 });
    const missing = await api.call(EMILY, 'POST', `/sessions/${target}/plan/apply-template`, {
      templateId: 'template-x',
      expectedVersion: 2,
    });
    expect(missing.status).toBe(404);
    expect(
      (
        await api.call(COORDINATOR, 'POST', `/sessions/${target}/plan/apply-template`, {
          templateId,
        })
      ).status,
    ).toBe(400);
  });
});
