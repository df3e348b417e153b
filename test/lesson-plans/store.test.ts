import { describe, expect, it } from 'vitest';
import { openPlanningStore } from '../../lesson-plans/index';
import { freshStoreLocation, openTestStore } from '../helpers/planningStore';

describe('planning store', () => {
  it('migrates a database once and keeps its data across reopenings', async () => {
    const location = await freshStoreLocation({ persistent: true, empty: true });
    const first = await openPlanningStore(location.where);
    await first.createTutor({ id: 'tutor-a', name: 'A', timeZone: 'Europe/London' });
    const periods = (await first.listHolidayPeriods()).length;
    await first.close();
    const second = await openPlanningStore(location.where);
    expect(await second.getTutor('tutor-a')).toEqual({
      id: 'tutor-a',
      name: 'A',
      timeZone: 'Europe/London',
    });
    expect((await second.listHolidayPeriods()).length).toBe(periods);
    expect(periods).toBe(3 * 2 * 6);
    await second.close();
    await location.drop();
  });

  it('writes nothing when one row of a multi-row change fails', async () => {
    const store = await openTestStore();
    const year = { id: '2026-2027', startDate: '2026-09-01', endDate: '2027-07-02' };
    const term = {
      id: 'T1',
      schoolYearId: '2026-2027',
      name: 'T1',
      startDate: '2026-09-01',
      endDate: '2026-12-18',
    };
    expect(await store.createSchoolYear(year, [term])).toMatchObject({ ok: true });
    const next = { id: '2027-2028', startDate: '2027-09-01', endDate: '2028-07-01' };
    const reused = {
      ...term,
      schoolYearId: '2027-2028',
      startDate: '2027-09-01',
      endDate: '2027-12-17',
    };
    const fresh = { ...reused, id: 'T2' };
    const result = await store.createSchoolYear(next, [fresh, reused]);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await store.listSchoolYears()).map((y) => y.id)).toEqual(['2026-2027']);
    expect(await store.getTerm('T2')).toBeUndefined();
    await store.close();
  });

  it('resolves the classroom link to the lesson in progress, then the next one', async () => {
    const store = await openTestStore({
      now: () => new Date('2026-11-28T10:00:00Z'),
    });
    await store.createSchool({
      id: 's',
      name: 'S',
      town: 'T',
      academie: 'Créteil',
      holidayZone: 'C',
    });
    await store.createClass({
      id: 'c',
      schoolId: 's',
      name: 'CM2 A',
      level: 'CM2',
      teacherId: 't',
      teacherName: 'T',
      whiteboardEndpoint: 'w',
    });
    await store.createTutor({ id: 'tutor', name: 'Emily', timeZone: 'Europe/London' });
    const term = {
      id: 'T1',
      schoolYearId: '2026-2027',
      name: 'T1',
      startDate: '2026-09-01',
      endDate: '2026-12-18',
    };
    await store.createSchoolYear(
      { id: '2026-2027', startDate: '2026-09-01', endDate: '2027-07-02' },
      [term],
    );
    await store.createSlot({
      id: 'slot',
      termId: 'T1',
      tutorId: 'tutor',
      classIds: ['c'],
      weekday: 2,
      startTime: '14:00',
    });
    const during = await store.findClassroomSession('c', new Date('2026-12-01T13:10:00Z'));
    expect(during?.session.id).toBe('slot@2026-12-01');
    const after = await store.findClassroomSession('c', new Date('2026-12-01T13:30:00Z'));
    expect(after?.session.id).toBe('slot@2026-12-08');
    expect(await store.findClassroomSession('c', new Date('2026-12-18T00:00:00Z'))).toBeNull();
    await store.close();
  });
});
