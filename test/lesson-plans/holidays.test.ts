import { describe, expect, it } from 'vitest';
import {
  HolidayCalendar,
  expandSlot,
  loadHolidayCalendar,
  loadShippedHolidayData,
} from '../../lesson-plans/index';

/** The Ministry's per-zone feed shape: all-day events, DTEND = day classes resume. */
const MINISTRY_ZONE_B = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Ministere//Calendrier scolaire//FR',
  'BEGIN:VEVENT',
  'UID:1',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20270220',
  'DTEND;VALUE=DATE:20270308',
  "SUMMARY:Vacances d'Hiver - Zone B",
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20260901',
  'SUMMARY:Rentrée scolaire des élèves - Zone B',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:3',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20270703',
  "SUMMARY:Vacances d'Été - Zone B",
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('holiday calendar import', () => {
  it('reads Ministry VEVENTs, ignores the rentrée, and ends an open summer on 1 September', () => {
    const result = loadHolidayCalendar(MINISTRY_ZONE_B);
    expect(result).toEqual({
      ok: true,
      value: [
        { zone: 'B', name: "Vacances d'Hiver", startDate: '2027-02-20', endDate: '2027-03-08' },
        { zone: 'B', name: "Vacances d'Été", startDate: '2027-07-03', endDate: '2027-09-01' },
      ],
    });
  });

  it('takes the zone from the caller when the file names none', () => {
    const unnamed = MINISTRY_ZONE_B.replaceAll(' - Zone B', '');
    expect(loadHolidayCalendar(unnamed).ok).toBe(false);
    const result = loadHolidayCalendar(unnamed, { zone: 'A' });
    expect(result.ok && result.value.every((p) => p.zone === 'A')).toBe(true);
  });

  it('rejects text that is not iCalendar, and calendars without holidays', () => {
    expect(loadHolidayCalendar('hello')).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    const empty = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR';
    expect(loadHolidayCalendar(empty)).toMatchObject({ ok: false });
  });

  it('ships both school years for all three zones and the public holidays', () => {
    const shipped = loadShippedHolidayData();
    const { publicHolidays } = shipped;
    const periods = [...shipped.periods, ...shipped.provisionalPeriods];
    for (const zone of ['A', 'B', 'C'] as const) {
      const names = periods
        .filter((p) => p.zone === zone)
        .map((p) => `${p.name} ${p.startDate.slice(0, 4)}`);
      expect(names).toContain('Vacances de la Toussaint 2026');
      expect(names).toContain('Vacances de la Toussaint 2027');
      expect(names.filter((n) => n.startsWith("Vacances d'Hiver"))).toHaveLength(2);
    }
    expect(publicHolidays.find((h) => h.date === '2027-03-29')?.name).toBe('Lundi de Pâques');
    expect(publicHolidays.find((h) => h.date === '2027-05-06')?.name).toBe('Ascension');
    expect(publicHolidays.find((h) => h.date === '2028-06-05')?.name).toBe('Lundi de Pentecôte');
  });

  it('zone C winter 2027 differs from zone A', () => {
    const { periods } = loadShippedHolidayData();
    const winter = (zone: string) =>
      periods.find(
        (p) => p.zone === zone && p.name === "Vacances d'Hiver" && p.startDate.startsWith('2027'),
      );
    expect(winter('C')).toMatchObject({ startDate: '2027-02-06', endDate: '2027-02-22' });
    expect(winter('A')).toMatchObject({ startDate: '2027-02-13', endDate: '2027-03-01' });
  });
});

describe('recurrence skips days off', () => {
  const { periods, publicHolidays } = loadShippedHolidayData();
  const calendar = new HolidayCalendar(periods, publicHolidays);
  const monday = {
    weekday: 1,
    startTime: '10:30',
    durationMinutes: 30,
    validFrom: null,
    validUntil: null,
  };
  const term = { startDate: '2027-01-04', endDate: '2027-04-02' };

  it('marks holiday weeks and Easter Monday for zone C, and nothing else', () => {
    const lessons = expandSlot(monday, term, ['C'], calendar);
    const off = lessons.filter((l) => l.dayOff).map((l) => `${l.localDate} ${l.dayOff!.kind}`);
    expect(off).toEqual([
      '2027-02-08 school_holiday',
      '2027-02-15 school_holiday',
      '2027-03-29 public_holiday',
    ]);
    expect(lessons).toHaveLength(13);
  });

  it('skips a date when any of the linked classes is on holiday', () => {
    const lessons = expandSlot(monday, term, ['A', 'C'], calendar);
    expect(lessons.filter((l) => l.dayOff).map((l) => l.localDate)).toEqual([
      '2027-02-08',
      '2027-02-15',
      '2027-02-22',
      '2027-03-29',
    ]);
  });

  it('honours validFrom/validUntil inside the term', () => {
    const lessons = expandSlot(
      { ...monday, validFrom: '2027-03-01', validUntil: '2027-03-15' },
      term,
      ['C'],
      calendar,
    );
    expect(lessons.map((l) => l.localDate)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15']);
  });
});
