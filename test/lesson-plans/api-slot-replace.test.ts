import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklySlot } from '../../lesson-plans/index';
import { WeeklySlotSchema } from '../../lesson-plans/index';
import type { TestApi } from './harness';
import { COORDINATOR, EMILY, INSPECTOR, MME_ROUX, NOW, OLIVER, startApi } from './harness';

/** Oliver's Monday 09:00 lesson with CM1 Curie; on NOW (28 Nov 2026) three Mondays remain. */
const SLOT_ID = 'slot-ecole-curie-cm1';
const UPCOMING = ['2026-11-30', '2026-12-07', '2026-12-14'].map((d) => `${SLOT_ID}@${d}`);

interface ReplaceBody {
  slot: WeeklySlot;
  sessions: number;
  replacedSlotId: string;
  cancelledSessionIds: string[];
}

describe('PUT /slots/:id (replace a weekly slot)', () => {
  let api: TestApi;
  let original: Omit<WeeklySlot, 'id'>;
  beforeAll(async () => {
    api = await startApi();
    original = WeeklySlotSchema.omit({ id: true }).parse(await api.store.getSlot(SLOT_ID));
  });
  afterAll(async () => api.close());

  /** Everything a refused replacement must leave as it was. */
  const snapshot = async () => ({
    slots: await api.store.listSlots(),
    sessions: await api.store.listSessions({ includeCancelled: true }),
  });

  it('POST /slots/check with `replacing` ignores the edited slot’s own upcoming lessons', async () => {
    const unchanged = await api.call(COORDINATOR, 'POST', '/slots/check', original);
    expect(unchanged.body.ok).toBe(false);
    const replacing = await api.call(COORDINATOR, 'POST', '/slots/check', {
      ...original,
      replacing: SLOT_ID,
    });
    expect(replacing.body).toMatchObject({ ok: true, conflicts: [], lessons: 3 });
    const unknown = await api.call(COORDINATOR, 'POST', '/slots/check', {
      ...original,
      replacing: 'slot-nope',
    });
    expect(unknown.status).toBe(404);
  });

  it('answers 409 with the conflicts and changes nothing', async () => {
    const before = await snapshot();
    // Another class's slot moved onto Oliver's Monday 09:00 with CM1 Curie.
    const clash = { ...original, classIds: ['ecole-curie-cm2', 'ecole-curie-cm1'] };
    const refused = await api.call(COORDINATOR, 'PUT', '/slots/slot-ecole-curie-cm2', clash);
    expect(refused.status).toBe(409);
    const conflicts = (refused.body.error?.details as { conflicts: Array<{ code: string }> })
      .conflicts;
    expect(new Set(conflicts.map((c) => c.code))).toEqual(
      new Set(['tutor_double_booked', 'class_double_booked']),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for an unknown slot and 400 for an invalid body', async () => {
    const before = await snapshot();
    expect((await api.call(COORDINATOR, 'PUT', '/slots/slot-nope', original)).status).toBe(404);
    const invalid = [
      { ...original, weekday: 8 },
      { ...original, startTime: '9h' },
      { ...original, classIds: [] },
      { ...original, classIds: ['no-such-class'] },
      { ...original, id: 'slot-chosen-by-client' },
    ];
    for (const body of invalid) {
      const response = await api.call(COORDINATOR, 'PUT', `/slots/${SLOT_ID}`, body);
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('invalid_request');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('is forbidden to tutors, teachers and inspectors', async () => {
    const before = await snapshot();
    for (const who of [OLIVER, EMILY, MME_ROUX, INSPECTOR]) {
      const response = await api.call(who, 'PUT', `/slots/${SLOT_ID}`, original);
      expect(response.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('cancels the upcoming lessons, keeps the past ones and plans the new version', async () => {
    const pastBefore = await api.store.listSessions({ slotId: SLOT_ID, to: NOW.toISOString() });
    expect(pastBefore).toHaveLength(10);
    const response = await api.call(COORDINATOR, 'PUT', `/slots/${SLOT_ID}`, {
      ...original,
      // Overlaps the old lessons it replaces: only other slots' lessons count as bookings.
      startTime: '08:45',
    });
    expect(response.status).toBe(200);
    const body = response.body as unknown as ReplaceBody;
    expect(body).toMatchObject({ sessions: 3, replacedSlotId: SLOT_ID });
    expect(body.slot).toMatchObject({ ...original, startTime: '08:45' });
    expect(body.slot.id).not.toBe(SLOT_ID);
    expect([...body.cancelledSessionIds].sort()).toEqual(UPCOMING);
    expect(await api.store.getSlot(SLOT_ID)).toBeUndefined();
    for (const id of UPCOMING) expect((await api.store.getSession(id))?.state).toBe('cancelled');
    for (const past of pastBefore)
      expect(await api.store.getSession(past.id)).toMatchObject({ state: past.state });
    const fresh = await api.store.listSessions({ slotId: body.slot.id });
    expect(fresh.map((s) => s.id)).toEqual(
      ['2026-11-30', '2026-12-07', '2026-12-14'].map((d) => `${body.slot.id}@${d}`),
    );
    expect(fresh[0]).toMatchObject({
      state: 'scheduled',
      startsAt: '2026-11-30T07:45:00.000Z',
      endsAt: '2026-11-30T08:15:00.000Z',
    });
  });
});
