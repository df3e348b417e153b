import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from './harness';
import { COORDINATOR, EMILY, INSPECTOR, MME_ROUX, startApi } from './harness';
import type { Principal } from '../../lesson-plans/index';

const SESSION = 'slot-ecole-curie-cm1@2026-11-30';
/** Reports count only lessons that took place: this one was on the Monday before NOW. */
const PAST_SESSION = 'slot-ecole-curie-cm1@2026-11-23';
const OTHER_INSPECTOR: Principal = {
  role: 'inspector',
  userId: 'inspector-diallo',
  name: 'Moussa Diallo',
};

describe('inspection API', () => {
  let api: TestApi;
  let id = '';
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('POST /inspections: inspectors only, for an existing lesson', async () => {
    expect(
      (await api.call(COORDINATOR, 'POST', '/inspections', { sessionId: SESSION })).status,
    ).toBe(403);
    expect((await api.call(EMILY, 'POST', '/inspections', { sessionId: SESSION })).status).toBe(
      403,
    );
    expect((await api.call(INSPECTOR, 'POST', '/inspections', { sessionId: 'nope' })).status).toBe(
      404,
    );
    expect((await api.call(INSPECTOR, 'POST', '/inspections', {})).status).toBe(400);
    const created = await api.call(INSPECTOR, 'POST', '/inspections', { sessionId: SESSION });
    expect(created).toMatchObject({
      status: 201,
      body: { inspection: { inspectorId: 'inspector-martin', signedOffAt: null } },
    });
    id = (created.body.inspection as { id: string }).id;
  });

  it('GET /inspections and /inspections/:id for coordinator and inspectors, not teachers', async () => {
    expect(
      (await api.call(COORDINATOR, 'GET', `/inspections?sessionId=${SESSION}`)).body.inspections,
    ).toHaveLength(1);
    expect((await api.call(OTHER_INSPECTOR, 'GET', `/inspections/${id}`)).status).toBe(200);
    expect((await api.call(MME_ROUX, 'GET', '/inspections')).status).toBe(403);
    expect((await api.call(INSPECTOR, 'GET', '/inspections/inspection-nope')).status).toBe(404);
  });

  it('PATCH grades and POST notes by the observing inspector only, with validation', async () => {
    const graded = await api.call(INSPECTOR, 'PATCH', `/inspections/${id}`, {
      grades: { objectives: 'satisfactory', pacing: 'fragile' },
    });
    expect(graded.body.inspection).toMatchObject({
      grades: { objectives: 'satisfactory', pacing: 'fragile' },
    });
    expect(
      (
        await api.call(INSPECTOR, 'PATCH', `/inspections/${id}`, {
          grades: { objectives: 'superb' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call(INSPECTOR, 'PATCH', `/inspections/${id}`, {
          grades: { charisma: 'very_good' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call(OTHER_INSPECTOR, 'PATCH', `/inspections/${id}`, {
          grades: { media: 'very_good' },
        })
      ).status,
    ).toBe(403);
    const noted = await api.call(INSPECTOR, 'POST', `/inspections/${id}/notes`, {
      text: 'Pupils answer, sound is clear.',
      at: '2026-11-30T08:10:00Z',
    });
    expect(noted.status).toBe(201);
    expect((noted.body.inspection as { notes: unknown[] }).notes).toEqual([
      { at: '2026-11-30T08:10:00Z', text: 'Pupils answer, sound is clear.' },
    ]);
    expect(
      (await api.call(INSPECTOR, 'POST', `/inspections/${id}/notes`, { text: '' })).status,
    ).toBe(400);
  });

  it('POST /inspections/:id/sign-off freezes the inspection', async () => {
    expect(
      (await api.call(INSPECTOR, 'POST', `/inspections/${id}/sign-off`)).body.inspection,
    ).toMatchObject({ signedOffAt: expect.any(String) });
    expect(
      (await api.call(INSPECTOR, 'PATCH', `/inspections/${id}`, { grades: { media: 'very_good' } }))
        .status,
    ).toBe(409);
    expect(
      (await api.call(INSPECTOR, 'POST', `/inspections/${id}/notes`, { text: 'late' })).status,
    ).toBe(409);
    expect((await api.call(INSPECTOR, 'POST', `/inspections/${id}/sign-off`)).status).toBe(409);
  });

  it('GET /inspections/:id/export as JSON, CSV and Markdown', async () => {
    const asJson = await api.call(COORDINATOR, 'GET', `/inspections/${id}/export`);
    expect(asJson.body.inspection).toMatchObject({ id });
    const csv = await api.call(COORDINATOR, 'GET', `/inspections/${id}/export?format=csv`);
    expect(csv.contentType).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')).toContain(
      'grade;pacing;fragile;Activities fit the 30 minutes and keep attention',
    );
    const english = await api.call(
      COORDINATOR,
      'GET',
      `/inspections/${id}/export?format=csv&locale=en`,
    );
    expect(english.text.split('\r\n')).toContain(
      'grade,pacing,fragile,Activities fit the 30 minutes and keep attention',
    );
    const md = await api.call(INSPECTOR, 'GET', `/inspections/${id}/export?format=md`);
    expect(md.text).toContain('| Objectives stated and reached (CEFR A1) | satisfactory |');
    expect((await api.call(INSPECTOR, 'GET', `/inspections/${id}/export?format=pdf`)).status).toBe(
      400,
    );
  });
});

describe('reports API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
    const joined = {
      sessionId: PAST_SESSION,
      joinedAt: '2026-11-23T08:00:00Z',
      leftAt: '2026-11-23T08:30:00Z',
    };
    await api.store.recordAttendance({ ...joined, role: 'classroom', displayName: 'CM1 Curie' });
    await api.store.recordAttendance({
      ...joined,
      role: 'tutor',
      displayName: 'Oliver',
      leftAt: '2026-11-23T08:20:00Z',
    });
    await api.store.recordAttendance({
      ...joined,
      role: 'inspector',
      displayName: 'Claire Martin',
    });
    const sample = {
      sessionId: PAST_SESSION,
      role: 'classroom' as const,
      displayName: 'CM1 Curie',
      recordedAt: '2026-11-23T08:05:00Z',
      freezeCount: 1,
      roundTripMs: 40,
    };
    await api.store.recordQualitySample({ ...sample, bitrateKbps: 900, packetLossPct: 1 });
    await api.store.recordQualitySample({ ...sample, bitrateKbps: 1100, packetLossPct: 3 });
  });
  afterAll(async () => api.close());

  it('rejects records of no lesson role, or inconsistent ones, at the store boundary', async () => {
    // A pupil at home is a lesson role (issue 13); anyone else (a parent, a pupil account) is not.
    const bad = await api.store.recordAttendance({
      sessionId: PAST_SESSION,
      role: 'parent' as never,
      displayName: 'Léa',
      joinedAt: '2026-11-23T08:00:00Z',
      leftAt: '2026-11-23T08:30:00Z',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const backwards = await api.store.recordAttendance({
      sessionId: PAST_SESSION,
      role: 'tutor',
      displayName: 'x',
      joinedAt: '2026-11-23T09:00:00Z',
      leftAt: '2026-11-23T08:30:00Z',
    });
    expect(backwards.ok).toBe(false);
    const lossy = await api.store.recordQualitySample({
      sessionId: PAST_SESSION,
      role: 'tutor',
      displayName: 'x',
      recordedAt: '2026-11-23T08:00:00Z',
      bitrateKbps: 1,
      packetLossPct: 101,
      freezeCount: 0,
      roundTripMs: 1,
    });
    expect(lossy.ok).toBe(false);
  });

  it('GET /reports/attendance aggregates per school and term, as JSON and CSV', async () => {
    const response = await api.call(COORDINATOR, 'GET', '/reports/attendance?termId=T1-2026');
    const curie = (response.body.rows as Array<{ schoolId: string }>).find(
      (r) => r.schoolId === 'ecole-curie',
    );
    expect(curie).toMatchObject({
      sessions: 20,
      sessionsWithClassroom: 1,
      classroomMinutes: 30,
      tutorMinutes: 20,
      inspectorVisits: 1,
    });
    const csv = await api.call(
      INSPECTOR,
      'GET',
      '/reports/attendance?termId=T1-2026&format=csv&locale=en',
    );
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'termId,schoolId,schoolName,sessions,sessionsWithClassroom,classroomMinutes,tutorMinutes,inspectorVisits',
    );
    expect(lines).toContain('T1-2026,ecole-curie,École élémentaire Marie-Curie,20,1,30,20,1');
    expect(lines).toHaveLength(12);
  });

  it('GET /reports/quality averages samples; bad input and roles are refused', async () => {
    const response = await api.call(COORDINATOR, 'GET', '/reports/quality?termId=T1-2026');
    const curie = (response.body.rows as Array<{ schoolId: string }>).find(
      (r) => r.schoolId === 'ecole-curie',
    );
    expect(curie).toMatchObject({
      samples: 2,
      avgBitrateKbps: 1000,
      avgPacketLossPct: 2,
      totalFreezes: 2,
      avgRoundTripMs: 40,
    });
    expect(
      (await api.call(COORDINATOR, 'GET', '/reports/quality?termId=T1-2026&format=csv'))
        .contentType,
    ).toMatch(/csv/);
    expect((await api.call(COORDINATOR, 'GET', '/reports/quality?termId=T9')).status).toBe(404);
    expect((await api.call(COORDINATOR, 'GET', '/reports/quality')).status).toBe(400);
    expect((await api.call(COORDINATOR, 'GET', '/reports/weather?termId=T1-2026')).status).toBe(
      400,
    );
    expect((await api.call(EMILY, 'GET', '/reports/quality?termId=T1-2026')).status).toBe(403);
  });
});
