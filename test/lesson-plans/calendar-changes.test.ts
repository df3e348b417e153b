import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HolidayPeriod, NewWeeklySlot, PlanningStore } from '../../lesson-plans/index';
import {
  loadHolidayCalendar,
  loadShippedHolidayData,
  seedDemoData,
} from '../../lesson-plans/index';
import { openTestStore } from '../helpers/planningStore';
import { CALENDAR_NOW, lessonDates, openTown } from './calendar-fixture';

const ZONE_B_2028 = readFileSync(
  new URL('../../lesson-plans/data/calendrier-scolaire-2027-2028-zone-b.ics', import.meta.url),
  'utf8',
);
/** The documented replacement of a provisional year: zone B's winter moves a week earlier. */
const ZONE_B_2028_MOVED = ZONE_B_2028.replace(
  'DTSTART;VALUE=DATE:20280212',
  'DTSTART;VALUE=DATE:20280205',
).replace('DTEND;VALUE=DATE:20280228', 'DTEND;VALUE=DATE:20280221');

function periodsOf(ics: string): HolidayPeriod[] {
  const parsed = loadHolidayCalendar(ics);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const MONDAY_B: NewWeeklySlot = {
  id: 'monday-b',
  termId: 'Y2',
  tutorId: 'tutor',
  classIds: ['lille-cm1'],
  weekday: 1,
  startTime: '10:30',
};

describe('D1: a holiday import is a reviewed change that cancels and restores', () => {
  it('moving zone B winter 2028 a week earlier restores Monday 21 Feb and cancels 7 Feb', async () => {
    const store = await openTown([{ id: 'lille', zone: 'B', academie: 'Lille' }]);
    expect((await store.createSlot(MONDAY_B)).ok).toBe(true);
    expect(await lessonDates(store, 'monday-b')).not.toContain('2028-02-21');
    const preview = await store.previewHolidayImport(periodsOf(ZONE_B_2028_MOVED));
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.toCancel.map((l) => l.sessionId)).toEqual(['monday-b@2028-02-07']);
    expect(preview.value.toRestore.map((l) => l.sessionId)).toEqual(['monday-b@2028-02-21']);
    // The preview writes nothing.
    expect(await lessonDates(store, 'monday-b')).toContain('2028-02-07');
    expect(await lessonDates(store, 'monday-b')).not.toContain('2028-02-21');
    const stale = await store.applyHolidayImport(periodsOf(ZONE_B_2028_MOVED), 'ministry', {
      digest: '0'.repeat(64),
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const applied = await store.applyHolidayImport(periodsOf(ZONE_B_2028_MOVED), 'ministry', {
      digest: preview.value.digest,
    });
    expect(applied.ok).toBe(true);
    const dates = await lessonDates(store, 'monday-b');
    expect(dates).toContain('2028-02-21');
    expect(dates).not.toContain('2028-02-07');
    // Back to the first calendar: 7 Feb is restored (it was cancelled by a day off).
    await store.importHolidayPeriods(periodsOf(ZONE_B_2028), 'shipped-again');
    expect(await lessonDates(store, 'monday-b')).toContain('2028-02-07');
    expect(await lessonDates(store, 'monday-b')).not.toContain('2028-02-21');
    await store.close();
  });

  it('never restores a lesson a coordinator cancelled, and lists conflicts a restore creates', async () => {
    const store = await openTown([
      { id: 'lille', zone: 'B', academie: 'Lille' },
      { id: 'lyon', zone: 'A', academie: 'Lyon' },
    ]);
    expect((await store.createSlot(MONDAY_B)).ok).toBe(true);
    // The tutor is busy on 21 Feb with a zone A class (school there: its break starts later).
    const busy = await store.createSlot({
      ...MONDAY_B,
      id: 'busy',
      classIds: ['lyon-cm1'],
      validFrom: '2028-02-21',
      validUntil: '2028-02-21',
    });
    expect(busy.ok).toBe(true);
    expect((await store.setSessionState('monday-b@2028-01-31', 'cancelled')).ok).toBe(true);
    const preview = await store.previewHolidayImport(periodsOf(ZONE_B_2028_MOVED));
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.conflicts).toContainEqual(
      expect.objectContaining({ code: 'tutor_double_booked', sessionId: 'monday-b@2028-02-21' }),
    );
    await store.applyHolidayImport(periodsOf(ZONE_B_2028_MOVED), 'ministry');
    await store.importHolidayPeriods(periodsOf(ZONE_B_2028), 'again');
    expect(await lessonDates(store, 'monday-b')).not.toContain('2028-01-31');
    await store.close();
  });
});

describe('D3: no lessons in the past', () => {
  it('a slot created mid-term plans only from now; moves into the past are refused', async () => {
    const store = await openTown([{ id: 'creteil', zone: 'C' }]);
    const created = await store.createSlot({
      ...MONDAY_B,
      id: 'mid',
      termId: 'T1',
      classIds: ['creteil-cm1'],
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(
      created.value.sessions.every((s) => Date.parse(s.startsAt) > CALENDAR_NOW.getTime()),
    ).toBe(true);
    expect(await lessonDates(store, 'mid')).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
    const intoPast = await store.moveSession('mid@2026-11-30', {
      date: '2026-11-27',
      startTime: '10:30',
    });
    expect(intoPast).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(intoPast.ok || intoPast.error.message).toMatch(/past/);
    const conflicts = await store.checkSlotConflicts({
      ...MONDAY_B,
      termId: 'T1',
      classIds: ['creteil-cm1'],
    });
    expect(
      conflicts.ok &&
        conflicts.value.occurrences.every((o) => o.startsAt > CALENDAR_NOW.toISOString()),
    ).toBe(true);
    await store.close();
  });
});

describe('D5: every class gets every school week of its own zone', () => {
  it("the demo's terms give zone A 5–9 April 2027 and zone B 5–16 April", async () => {
    const store = await openTown([]);
    const demo = await openDemoWith(store);
    const dates = async (id: string) => lessonDates(demo, id);
    expect(await dates('spring-a')).toContain('2027-04-05');
    expect(await dates('spring-b')).toEqual(expect.arrayContaining(['2027-04-05', '2027-04-12']));
    expect(await dates('spring-c')).not.toContain('2027-04-05');
    await demo.close();
  });
});

/** The demo town (zone C) plus one zone A and one zone B school, on the demo's own terms. */
async function openDemoWith(town: PlanningStore): Promise<PlanningStore> {
  await town.close();
  const store = await openTestStore({ now: () => CALENDAR_NOW });
  await seedDemoData(store, { termId: 'T2-2027', withPlans: false });
  for (const [zone, academie] of [
    ['A', 'Lyon'],
    ['B', 'Lille'],
  ] as const) {
    await store.createSchool({
      id: `s-${zone}`,
      name: zone,
      town: 'X',
      academie,
      holidayZone: zone,
    });
    await store.createClass({
      id: `c-${zone}`,
      schoolId: `s-${zone}`,
      name: 'CM1',
      level: 'CM1',
      teacherId: `t-${zone}`,
      teacherName: 'T',
      whiteboardEndpoint: 'w',
    });
  }
  const classes = await store.listClasses({ schoolId: 'ecole-curie' });
  for (const [id, classId, tutorId] of [
    ['spring-a', 'c-A', 'tutor-emily'],
    ['spring-b', 'c-B', 'tutor-oliver'],
    ['spring-c', classes[0]!.id, 'tutor-charlotte'],
  ] as const) {
    const slot = {
      id,
      termId: 'T2-2027',
      tutorId,
      classIds: [classId],
      weekday: 1,
      startTime: '16:00',
    };
    const created = await store.createSlot(slot);
    if (!created.ok) throw new Error(`${id}: ${created.error.message}`);
  }
  return store;
}

describe('D9–D10: data', () => {
  it('the 2027 Ascension bridge starts on Thursday 6 May in every zone', () => {
    const { periods } = loadShippedHolidayData();
    for (const zone of ['A', 'B', 'C'] as const) {
      const bridge = periods.find(
        (p) => p.zone === zone && p.name.startsWith("Pont de l'Ascension"),
      );
      expect(bridge).toMatchObject({ startDate: '2027-05-06', endDate: '2027-05-10' });
    }
  });

  it('Good Friday is off in Strasbourg and Moselle, not in Lille; 2027-2028 stays provisional', async () => {
    const store = await openTown([
      { id: 'lille', zone: 'B', academie: 'Lille' },
      { id: 'strasbourg', zone: 'B', academie: 'Strasbourg' },
      { id: 'metz', zone: 'B', academie: 'Nancy-Metz', localRegion: 'alsace-moselle' },
    ]);
    for (const school of ['lille', 'strasbourg', 'metz']) {
      const slot = {
        id: `fri-${school}`,
        termId: 'T2',
        tutorId: 'tutor',
        classIds: [`${school}-cm1`],
        weekday: 5,
      };
      expect(
        (
          await store.createSlot({
            ...slot,
            startTime: school === 'lille' ? '09:00' : school === 'metz' ? '10:00' : '11:00',
          })
        ).ok,
      ).toBe(true);
    }
    expect(await lessonDates(store, 'fri-lille')).toContain('2027-03-26');
    expect(await lessonDates(store, 'fri-strasbourg')).not.toContain('2027-03-26');
    expect(await lessonDates(store, 'fri-metz')).not.toContain('2027-03-26');
    const provisional = async (zone: 'B' | 'C', year: string) =>
      (await store.listHolidayPeriods({ zone }))
        .filter((p) => p.startDate.startsWith(year))
        .map((p) => p.provisional);
    expect(await provisional('B', '2026')).toEqual([false, false]);
    expect(new Set(await provisional('B', '2028'))).toEqual(new Set([true]));
    await store.importHolidayPeriods(periodsOf(ZONE_B_2028_MOVED), 'ministry');
    expect(new Set(await provisional('B', '2028'))).toEqual(new Set([false]));
    expect(new Set(await provisional('C', '2028'))).toEqual(new Set([true]));
    await store.close();
  });
});

/** A zone's break inside Jan–Apr 2027, as [first day off, day school resumes). */
const breakArb = fc
  .record({ start: fc.integer({ min: 0, max: 90 }), length: fc.integer({ min: 1, max: 16 }) })
  .map(({ start, length }) => [day(start), day(start + length)] as const);
const importArb = fc.record({
  zone: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
  breaks: fc.array(breakArb, { minLength: 1, maxLength: 3 }),
});
const slotArb = fc.record({
  weekday: fc.constantFrom(1, 2, 4, 5),
  school: fc.constantFrom('lyon', 'lille', 'creteil', 'strasbourg'),
});

function day(offset: number): string {
  return new Date(Date.UTC(2027, 0, 4 + offset)).toISOString().slice(0, 10);
}

const TOWN = [
  { id: 'lyon', zone: 'A', academie: 'Lyon' },
  { id: 'lille', zone: 'B', academie: 'Lille' },
  { id: 'creteil', zone: 'C' },
  { id: 'strasbourg', zone: 'B', academie: 'Strasbourg' },
] as const;

async function timetable(store: PlanningStore): Promise<string[]> {
  const sessions = await store.listSessions({ from: CALENDAR_NOW.toISOString() });
  return sessions.map((s) => `${s.id} ${s.startsAt} ${s.state}`).sort();
}

describe('D1: property — any sequence of imports gives the timetable planned from scratch', () => {
  it('holds over random calendars and slots (fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(slotArb, { minLength: 1, maxLength: 3 }),
        fc.array(importArb, { minLength: 1, maxLength: 4 }),
        async (slots, imports) => {
          const slotsOf = slots.map((s, i) => ({
            id: `p${i}`,
            termId: 'T2',
            tutorId: 'tutor',
            classIds: [`${s.school}-cm1`],
            weekday: s.weekday,
            startTime: `${String(9 + i).padStart(2, '0')}:00`,
          }));
          const changed = await openTown(TOWN);
          for (const slot of slotsOf) await changed.createSlot(slot);
          for (const { zone, breaks } of imports) {
            const periods = breaks.map(([startDate, endDate], i) => ({
              zone,
              name: `Break ${i}`,
              startDate,
              endDate,
            }));
            expect((await changed.applyHolidayImport(periods, 'random')).ok).toBe(true);
          }
          const finalCalendar = (await changed.listHolidayPeriods()).map(
            ({ zone, name, startDate, endDate }) => ({
              zone,
              name,
              startDate,
              endDate,
            }),
          );
          const scratch = await openTown(TOWN);
          await scratch.importHolidayPeriods(finalCalendar, 'final');
          for (const slot of slotsOf) await scratch.createSlot(slot);
          const [got, want] = [await timetable(changed), await timetable(scratch)];
          const live = (rows: string[]) =>
            rows.filter((row) => !row.endsWith('cancelled')).map((r) => r.replace(/ \w+$/, ''));
          expect(live(got)).toEqual(live(want));
          await changed.close();
          await scratch.close();
        },
      ),
      { seed: 20261128, numRuns: 20 },
    );
  }, 120_000);
});
