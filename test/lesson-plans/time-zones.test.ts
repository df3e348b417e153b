import { describe, expect, it } from 'vitest';
import {
  HolidayCalendar,
  expandSlot,
  inZone,
  parisWallClockToInstant,
} from '../../lesson-plans/index';

const NO_HOLIDAYS = new HolidayCalendar([], []);
const TUESDAY_14H = {
  weekday: 2,
  startTime: '14:00',
  durationMinutes: 30,
  validFrom: null,
  validUntil: null,
};
const SCHOOL_YEAR = { startDate: '2026-09-01', endDate: '2027-07-02' };

describe('time zones', () => {
  const lessons = expandSlot(TUESDAY_14H, SCHOOL_YEAR, ['C'], NO_HOLIDAYS);

  it('keeps the 14:00 Paris lesson at 13:00 in London every week of the year', () => {
    expect(lessons.length).toBe(44);
    for (const lesson of lessons) {
      expect(inZone(lesson.startsAt, 'Europe/Paris').time).toBe('14:00');
      expect(inZone(lesson.startsAt, 'Europe/London').time).toBe('13:00');
      expect(inZone(lesson.endsAt, 'Europe/London').time).toBe('13:30');
    }
  });

  it('shifts UTC by one hour across the October change (last Sunday, 25 Oct 2026)', () => {
    const before = lessons.find((l) => l.localDate === '2026-10-20')!;
    const after = lessons.find((l) => l.localDate === '2026-10-27')!;
    expect(before.startsAt).toBe('2026-10-20T12:00:00.000Z');
    expect(after.startsAt).toBe('2026-10-27T13:00:00.000Z');
    expect(inZone(before.startsAt, 'Europe/London').offset).toBe('+01:00');
    expect(inZone(after.startsAt, 'Europe/London').offset).toBe('+00:00');
  });

  it('shifts UTC back across the March change (last Sunday, 28 Mar 2027)', () => {
    const before = lessons.find((l) => l.localDate === '2027-03-23')!;
    const after = lessons.find((l) => l.localDate === '2027-03-30')!;
    expect(before.startsAt).toBe('2027-03-23T13:00:00.000Z');
    expect(after.startsAt).toBe('2027-03-30T12:00:00.000Z');
    expect(inZone(before.startsAt, 'Europe/Paris').offset).toBe('+01:00');
    expect(inZone(after.startsAt, 'Europe/Paris').offset).toBe('+02:00');
  });

  it('has UTC offsets of +1/+2 in Paris and 0/+1 in London, always one hour apart', () => {
    for (const lesson of lessons) {
      const paris = inZone(lesson.startsAt, 'Europe/Paris').offset;
      const london = inZone(lesson.startsAt, 'Europe/London').offset;
      const summer = lesson.localDate >= '2027-03-28' || lesson.localDate < '2026-10-25';
      expect(paris).toBe(summer ? '+02:00' : '+01:00');
      expect(london).toBe(summer ? '+01:00' : '+00:00');
    }
  });

  it('rejects a Paris wall-clock time that does not exist (spring-forward gap)', () => {
    expect(parisWallClockToInstant('2027-03-28', '02:30')).toBeNull();
    expect(parisWallClockToInstant('2027-03-29', '02:30')).toBe('2027-03-29T00:30:00.000Z');
  });
});
